/** The public feedback form: no sign-in, spam-resistant, matches or registers the customer and opens a case. */
package dev.dossier.feedback.intake;
