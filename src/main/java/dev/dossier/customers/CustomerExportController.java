package dev.dossier.customers;

import dev.dossier.identity.Access;
import dev.dossier.identity.Permission;
import dev.dossier.shared.ExportJobs;
import dev.dossier.shared.TableFile;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.UUID;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.stereotype.Controller;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Customer lists as files from the list page ({@code /customers/export}, the list's filter kept); the API's export is
 * {@code /api/v1/customers/export} on {@link CustomerApiController}. Needs the export right on customers.
 */
@Controller
class CustomerExportController {

    private final CustomerExport export;
    private final ExportJobs jobs;

    CustomerExportController(CustomerExport export, ExportJobs jobs) {
        this.export = export;
        this.jobs = jobs;
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EXPORT)
    @PostMapping("/customers/export")
    String pageInBackground(
            @ModelAttribute("filter") CustomerFilter filter,
            @RequestParam(defaultValue = "CSV") CustomerExport.Format format,
            RedirectAttributes redirect) {
        inBackground(export, jobs, filter, format);
        redirect.addFlashAttribute("flashKey", "export.started");
        return "redirect:/exports";
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EXPORT)
    @PostMapping("/customers/export/contacts")
    String contactsInBackground(
            @ModelAttribute("filter") CustomerFilter filter,
            @RequestParam(defaultValue = "CSV") TableFile.Format format,
            RedirectAttributes redirect) {
        contactsInBackground(export, jobs, filter, format);
        redirect.addFlashAttribute("flashKey", "export.started");
        return "redirect:/exports";
    }

    /** Starts writing the customers' file in the background; answers the export's id. */
    static UUID inBackground(
            CustomerExport export, ExportJobs jobs, CustomerFilter filter, CustomerExport.Format format) {
        export.requireRight();
        var locale = LocaleContextHolder.getLocale();
        return jobs.start(
                "customers",
                CustomerExport.fileName(format),
                format.contentType,
                CustomerExport.describe(filter),
                out -> export.write(filter, format, out, locale));
    }

    /** Starts writing the contacts' file in the background; answers the export's id. */
    static UUID contactsInBackground(
            CustomerExport export, ExportJobs jobs, CustomerFilter filter, TableFile.Format format) {
        export.requireRight();
        var locale = LocaleContextHolder.getLocale();
        return jobs.start(
                "contacts",
                "contacts." + format.extension,
                format.contentType,
                CustomerExport.describe(filter),
                out -> export.writeContacts(filter, format, out, locale));
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
