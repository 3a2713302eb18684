/** Internal (text encodings shared by the text formats): no compatibility promise, not for users. */
package org.datasetexport.internal.text;
