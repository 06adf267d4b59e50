package org.consilium.export.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.consilium.export.DataExport;
import org.consilium.identity.AccessScope;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.PostMapping;

/**
 * The right of access from the account page, as a form's button (a download another site cannot start). A browser
 * whose sign-in is too old is asked to confirm who it is and comes back to the account page, where the button now
 * downloads at once; the page stays as it is while the file arrives.
 */
@Controller
class DataExportPageController {

    private final DataExport export;

    DataExportPageController(DataExport export) {
        this.export = export;
    }

    @PostMapping("/account/export")
    void download(AccessScope scope, HttpServletResponse response) throws IOException {
        DataExportController.download(export, scope, response);
    }
}
