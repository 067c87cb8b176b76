/** Table and record classes generated from the Flyway migrations; every module reads its own tables through them. */
@org.springframework.modulith.ApplicationModule(type = org.springframework.modulith.ApplicationModule.Type.OPEN)
package dev.dossier.db;
