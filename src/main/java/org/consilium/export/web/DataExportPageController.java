package org.consilium.export.web;

import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.consilium.export.DataExport;
import org.consilium.identity.AccessScope;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;

/**
 * The right of access from the account page. A browser whose sign-in is too old is asked to confirm who it is, comes
 * back to this address, and the download starts.
 */
@Controller
class DataExportPageController {

    private final DataExport export;

    DataExportPageController(DataExport export) {
        this.export = export;
    }

    @GetMapping("/account/export")
    void download(AccessScope scope, HttpServletResponse response) throws IOException {
        DataExportController.download(export, scope, response);
    }
}
