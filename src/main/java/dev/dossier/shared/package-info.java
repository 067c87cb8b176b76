/**
 * Small value types, paging and problem responses that every module may use, and the small interfaces through which
 * modules take part in each other's work (subjects, the timeline, personal data, consent) without importing each other.
 */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.dossier.shared;
