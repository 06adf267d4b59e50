package org.consilium.platform.web;

/**
 * Reading of multipart failures that Spring reports as "too large" but are not about the upload's size.
 *
 * <p>Tomcat refuses a part whose headers exceed {@code server.tomcat.max-part-header-size} with a size-limit
 * exception, which Spring turns into {@code MaxUploadSizeExceededException}: answered as is, a file with a very long
 * name would be a misleading 413. A file part's headers are long only through the file name, so that is what the
 * answer names.
 */
final class MultipartFailures {

    /** Tomcat's wording for headers over the limit (MultipartStream.readHeaders). */
    private static final String PART_HEADERS_TOO_LARGE = "Header section has more than";

    private MultipartFailures() {
    }

    static boolean fileNameTooLong(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t.getMessage() != null && t.getMessage().contains(PART_HEADERS_TOO_LARGE)) {
                return true;
            }
        }
        return false;
    }
}
