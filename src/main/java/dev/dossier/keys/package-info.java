/**
 * Encryption at rest and the keys behind it. Its API: {@link dev.dossier.keys.FieldCipher} and
 * {@link dev.dossier.keys.BlindIndex} for the repositories that keep sensitive values, which describe their columns
 * in an {@link dev.dossier.keys.EncryptedData} bean; {@link dev.dossier.keys.Seals} for the audit trail;
 * {@link dev.dossier.keys.Keys} (the key ring, checked at startup against the keys the database needs, and rotated)
 * and {@link dev.dossier.keys.ReEncryption} (the background job) for the encryption page;
 * {@link dev.dossier.keys.KeyRotationCommand} for the command line. It uses no other module but its own table; the
 * modules that keep sensitive values depend on it.
 */
@org.springframework.modulith.ApplicationModule(allowedDependencies = {"jobs", "db"})
package dev.dossier.keys;
