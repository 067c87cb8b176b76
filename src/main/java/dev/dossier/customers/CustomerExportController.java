package dev.dossier.customers;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.RequestParam;

/**
 * Customer lists as files from the list page ({@code /customers/export}, the list's filter kept); the API's export is
 * {@code /api/v1/customers/export} on {@link CustomerApiController}. Needs the export right on customers.
 */
@Controller
class CustomerExportController {

    private final CustomerExport export;

    CustomerExportController(CustomerExport export) {
        this.export = export;
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EXPORT)
    @GetMapping("/customers/export")
    void page(
            @ModelAttribute("filter") CustomerFilter filter,
            @RequestParam(defaultValue = "CSV") CustomerExport.Format format,
            HttpServletResponse response)
            throws IOException {
        write(export, filter, format, response);
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EXPORT)
    @GetMapping("/customers/export/contacts")
    void contacts(
            @ModelAttribute("filter") CustomerFilter filter,
            @RequestParam(defaultValue = "CSV") dev.dossier.shared.TableFile.Format format,
            HttpServletResponse response)
            throws IOException {
        writeContacts(export, filter, format, response);
    }

    static void writeContacts(
            CustomerExport export,
            CustomerFilter filter,
            dev.dossier.shared.TableFile.Format format,
            HttpServletResponse response)
            throws IOException {
        export.requireRight();
        dev.dossier.shared.TableFile.download(response, format.contentType, "contacts." + format.extension);
        export.writeContacts(filter, format, response.getOutputStream(), LocaleContextHolder.getLocale());
    }

    static void write(
            CustomerExport export, CustomerFilter filter, CustomerExport.Format format, HttpServletResponse response)
            throws IOException {
        export.requireRight();
        response.setContentType(format.contentType);
        response.setHeader(
                HttpHeaders.CONTENT_DISPOSITION,
                ContentDisposition.attachment()
                        .filename(CustomerExport.fileName(format))
                        .build()
                        .toString());
        export.write(filter, format, response.getOutputStream(), LocaleContextHolder.getLocale());
    }
}
