package org.consilium.records.web;

import java.util.Locale;

/**
 * What kind of file a record is, in words, from the type detected from its bytes: "PDF document", not
 * {@code application/pdf}. The one mapping for the pages; the API keeps the media type.
 */
final class FileTypes {

    private FileTypes() {
    }

    static String of(String contentType) {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/pdf" -> "PDF document";
            case "application/dicom" -> "DICOM image";
            case "image/jpeg" -> "JPEG image";
            case "image/png" -> "PNG image";
            case "image/tiff" -> "TIFF image";
            case "image/gif" -> "GIF image";
            case "image/bmp", "image/x-ms-bmp" -> "Bitmap image";
            case "image/webp" -> "WebP image";
            case "image/heic", "image/heif" -> "HEIC photo";
            case "application/msword",
                 "application/vnd.openxmlformats-officedocument.wordprocessingml.document" -> "Word document";
            case "application/vnd.oasis.opendocument.text" -> "OpenDocument text";
            case "application/rtf" -> "Rich text document";
            case "application/vnd.ms-excel",
                 "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet" -> "Excel spreadsheet";
            case "application/vnd.oasis.opendocument.spreadsheet" -> "OpenDocument spreadsheet";
            case "text/csv" -> "Table (CSV)";
            case "text/plain" -> "Text file";
            case "application/xml", "text/xml" -> "XML file";
            case "application/json" -> "JSON file";
            case "application/zip" -> "ZIP archive";
            default -> type.startsWith("image/")
                    ? "Image (" + type.substring("image/".length()).toUpperCase(Locale.ROOT) + ")"
                    : type;
        };
    }

    /** Whether browsers show this type themselves, and so the app's viewer may frame it: PDFs and web images. */
    static boolean viewable(String contentType) {
        String type = contentType.split(";", 2)[0].strip().toLowerCase(Locale.ROOT);
        return switch (type) {
            case "application/pdf", "image/jpeg", "image/png", "image/gif", "image/webp" -> true;
            default -> false;
        };
    }

    /** Whether the viewer shows it as an image (rather than a framed document). */
    static boolean image(String contentType) {
        return viewable(contentType) && contentType.toLowerCase(Locale.ROOT).startsWith("image/");
    }
}
