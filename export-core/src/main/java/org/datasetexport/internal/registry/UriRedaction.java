package org.datasetexport.internal.registry;

/** Strips what may be secret from a URI before it goes into a message: user info and query. */
public final class UriRedaction {
    private UriRedaction() {
    }

    /**
     * @param uri URI text, possibly malformed
     * @return the text with {@code user:password@} reduced to {@code user@} and any query replaced by {@code ?…}
     */
    public static String redact(String uri) {
        String s = uri.replaceAll("\\p{Cntrl}", "?");
        int query = s.indexOf('?');
        if (query >= 0) {
            s = s.substring(0, query) + "?…";
        }
        return s.replaceAll("(//[^/@:]*):[^/@]*@", "$1:…@");
    }
}
