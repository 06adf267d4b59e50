package org.consilium.records.internal;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Map;
import java.util.Optional;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.cos.COSArray;
import org.apache.pdfbox.cos.COSBase;
import org.apache.pdfbox.cos.COSDictionary;
import org.apache.pdfbox.cos.COSDocument;
import org.apache.pdfbox.cos.COSName;
import org.apache.pdfbox.cos.COSObject;
import org.apache.pdfbox.cos.COSObjectKey;
import org.apache.pdfbox.io.IOUtils;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.pdmodel.encryption.InvalidPasswordException;

/**
 * PDFs that run code or carry other files: JavaScript (wherever an action can hold it: the open action, the document's
 * JavaScript name tree, page, annotation, field and outline actions), Launch actions, and attached files (the
 * EmbeddedFiles name tree, file attachment annotations). A PDF that needs a password to open is refused too, as one
 * that cannot be checked.
 *
 * <p>Every object in the cross-reference table is examined at the COS level, with the dictionaries nested in it,
 * rather than following the document's structure, so an action is found wherever it hangs. The PDF is parsed from the
 * byte array with PDFBox's memory-only stream cache (nothing is spooled to disk), and nothing that loads fonts is
 * touched (PDFBox writes its font cache to the home folder).
 */
final class PdfInspection {

    private static final int MAX_NESTING = 64;
    private static final COSName FILE_ATTACHMENT = COSName.getPDFName("FileAttachment");
    private static final COSName EMBEDDED_FILE = COSName.getPDFName("EmbeddedFile");
    private static final COSName GO_TO_EMBEDDED = COSName.getPDFName("GoToE");
    private static final COSName LAUNCH_ACTION = COSName.getPDFName("Launch");

    static final Finding JAVASCRIPT = new Finding("a PDF with JavaScript, which can run code",
            Finding.NO_PROGRAMS + "; print it to a new PDF and upload that");
    static final Finding LAUNCH = new Finding("a PDF that can start programs (a Launch action)",
            Finding.NO_PROGRAMS + "; print it to a new PDF and upload that");
    static final Finding ATTACHMENTS = new Finding("a PDF with files attached to it",
            "upload the attached files on their own, and the PDF saved without them");

    private PdfInspection() {
    }

    static Optional<Finding> inspect(byte[] content) {
        try (PDDocument document = Loader.loadPDF(content, "", null, null, IOUtils.createMemoryOnlyStreamCache())) {
            COSDocument cos = document.getDocument();
            Optional<Finding> found = walk(cos.getTrailer(), 0);
            for (COSObjectKey key : new ArrayList<>(cos.getXrefTable().keySet())) {
                if (found.isPresent()) {
                    return found;
                }
                COSObject object = cos.getObjectFromPool(key);
                found = walk(object.getObject(), 0);
            }
            return found;
        } catch (InvalidPasswordException e) {
            return Optional.of(Finding.passwordProtected("PDF"));
        } catch (IOException | RuntimeException e) {
            // Certificate-encrypted PDFs fail to open without a key store: refuse those as protected, not damaged.
            return Optional.of(contains(content, "/Encrypt") ? Finding.passwordProtected("PDF")
                    : Finding.damaged("PDF"));
        } catch (StackOverflowError e) {
            return Optional.of(Finding.damaged("PDF"));
        }
    }

    private static Optional<Finding> walk(COSBase base, int depth) {
        if (depth > MAX_NESTING) {
            return Optional.of(Finding.damaged("PDF"));
        }
        if (base instanceof COSDictionary dictionary) {
            Optional<Finding> here = examine(dictionary);
            if (here.isPresent()) {
                return here;
            }
            for (Map.Entry<COSName, COSBase> entry : dictionary.entrySet()) {
                Optional<Finding> inner = walk(entry.getValue(), depth + 1);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        } else if (base instanceof COSArray array) {
            for (int i = 0; i < array.size(); i++) {
                // get, not getObject: references are examined as objects of their own, once.
                Optional<Finding> inner = walk(array.get(i), depth + 1);
                if (inner.isPresent()) {
                    return inner;
                }
            }
        }
        return Optional.empty();
    }

    private static Optional<Finding> examine(COSDictionary dictionary) {
        COSBase action = dictionary.getDictionaryObject(COSName.S);
        if (COSName.JAVA_SCRIPT.equals(action) || dictionary.containsKey(COSName.JS)
                || dictionary.containsKey(COSName.JAVA_SCRIPT)) {
            return Optional.of(JAVASCRIPT);
        }
        if (LAUNCH_ACTION.equals(action)) {
            return Optional.of(LAUNCH);
        }
        if (GO_TO_EMBEDDED.equals(action) || dictionary.containsKey(COSName.EMBEDDED_FILES)
                || dictionary.containsKey(COSName.EF)
                || EMBEDDED_FILE.equals(dictionary.getDictionaryObject(COSName.TYPE))
                || FILE_ATTACHMENT.equals(dictionary.getDictionaryObject(COSName.SUBTYPE))) {
            return Optional.of(ATTACHMENTS);
        }
        return Optional.empty();
    }

    /** Whether the bytes start like a PDF: readers accept the header anywhere in the first kilobyte. */
    static boolean isPdf(byte[] b, int length) {
        String start = new String(b, 0, Math.min(length, 1024), StandardCharsets.ISO_8859_1);
        return start.contains("%PDF-");
    }

    private static boolean contains(byte[] content, String text) {
        return new String(content, StandardCharsets.ISO_8859_1).contains(text);
    }
}
