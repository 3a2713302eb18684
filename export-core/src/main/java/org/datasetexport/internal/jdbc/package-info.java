/**
 * Internal (the JDBC dataset's planner, SQL, clock and reader): no compatibility promise, not for users.
 */
package org.datasetexport.internal.jdbc;
