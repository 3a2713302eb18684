/**
 * The SFTP destination: {@link org.datasetexport.dest.sftp.SftpDestination} (built with its builder)
 * and {@code sftp://user@host:port/path} URIs through
 * {@link org.datasetexport.dest.sftp.SftpDestinationProvider}. Credentials:
 * {@link org.datasetexport.dest.sftp.SftpCredentials}; host keys: {@link org.datasetexport.dest.sftp.HostKeyPolicy}.
 */
package org.datasetexport.dest.sftp;
