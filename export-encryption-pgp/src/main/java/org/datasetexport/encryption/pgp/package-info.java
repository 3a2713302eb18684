/**
 * OpenPGP file encryption: {@link org.datasetexport.encryption.pgp.PgpEncryption}, reached through
 * {@code Encryption.openPgp(publicKey)} once this module is on the classpath.
 */
package org.datasetexport.encryption.pgp;
