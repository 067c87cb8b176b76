/** Problems: known defects that group many customer reports, handed off to the product team and tracked to a fix. */
package dev.dossier.feedback.problems;
