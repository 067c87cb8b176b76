package dev.dossier.customers;

import dev.dossier.customers.CustomerResources.ContactPayload;
import dev.dossier.customers.CustomerResources.ContactResource;
import dev.dossier.customers.CustomerResources.CustomerPayload;
import dev.dossier.customers.CustomerResources.CustomerResource;
import dev.dossier.customers.CustomerResources.Page;
import dev.dossier.identity.Access;
import dev.dossier.identity.FieldGroup;
import dev.dossier.identity.Permission;
import dev.dossier.shared.ETags;
import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.Parameter;
import io.swagger.v3.oas.annotations.security.SecurityRequirement;
import io.swagger.v3.oas.annotations.tags.Tag;
import java.net.URI;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springdoc.core.annotations.ParameterObject;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatus;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Customers and their contacts over REST: {@code /api/v1/customers}. */
@RestController
@RequestMapping("/api/v1/customers")
@Tag(
        name = "Customers",
        description = "Customer dossiers (individuals and companies), their contacts, shares and timeline")
@SecurityRequirement(name = "bearer")
class CustomerApiController {

    private final CustomerManagement management;
    private final CustomerQueries queries;
    private final CustomerRepository repository;
    private final CustomerValidator validator;
    private final FieldSecurity fields;
    private final CustomerExport export;
    private final dev.dossier.shared.ExportJobs jobs;
    private final CustomerDuplicates duplicateCheck;

    CustomerApiController(
            CustomerManagement management,
            CustomerQueries queries,
            CustomerRepository repository,
            CustomerValidator validator,
            FieldSecurity fields,
            CustomerExport export,
            dev.dossier.shared.ExportJobs jobs,
            CustomerDuplicates duplicateCheck) {
        this.duplicateCheck = duplicateCheck;
        this.jobs = jobs;
        this.export = export;
        this.fields = fields;
        this.management = management;
        this.queries = queries;
        this.repository = repository;
        this.validator = validator;
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EXPORT)
    @GetMapping("/export")
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Export customers as CSV, XLSX or vCard",
            description = "The customers the filters find and the caller reaches, each value as the caller's role sees"
                    + " it; the columns carry the import's headers, so the file imports again. Streamed.")
    @io.swagger.v3.oas.annotations.responses.ApiResponse(
            responseCode = "200",
            description = "The file",
            content = {
                @io.swagger.v3.oas.annotations.media.Content(
                        mediaType = "text/csv",
                        schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string")),
                @io.swagger.v3.oas.annotations.media.Content(
                        mediaType = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
                        schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string", format = "binary")),
                @io.swagger.v3.oas.annotations.media.Content(
                        mediaType = "text/vcard",
                        schema = @io.swagger.v3.oas.annotations.media.Schema(type = "string"))
            })
    void api(
            @ParameterObject CustomerFilter filter,
            @Parameter(description = "CSV, XLSX or VCF (vCard 4.0)") @RequestParam(defaultValue = "CSV")
                    CustomerExport.Format format,
            jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        CustomerExportController.write(export, filter, format, response);
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EXPORT)
    @PostMapping("/export")
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Export customers in the background",
            description = "The same file as GET, written in the background: the answer is at once, the file is"
                    + " downloaded from /api/v1/exports/{id}/file when it is done.")
    @dev.dossier.shared.BackgroundExportAccepted
    ResponseEntity<dev.dossier.shared.ExportJobs.Started> exportInBackground(
            @ParameterObject CustomerFilter filter,
            @Parameter(description = "CSV, XLSX or VCF (vCard 4.0)") @RequestParam(defaultValue = "CSV")
                    CustomerExport.Format format) {
        return dev.dossier.shared.ExportJobs.accepted(
                CustomerExportController.inBackground(export, jobs, filter, format));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EXPORT)
    @PostMapping("/export/contacts")
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Export the contacts of customers in the background",
            description = "The same file as GET, written in the background.")
    @dev.dossier.shared.BackgroundExportAccepted
    ResponseEntity<dev.dossier.shared.ExportJobs.Started> contactsInBackground(
            @ParameterObject CustomerFilter filter,
            @Parameter(description = "CSV or XLSX") @RequestParam(defaultValue = "CSV")
                    dev.dossier.shared.TableFile.Format format) {
        return dev.dossier.shared.ExportJobs.accepted(
                CustomerExportController.contactsInBackground(export, jobs, filter, format));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EXPORT)
    @GetMapping("/export/contacts")
    @io.swagger.v3.oas.annotations.Operation(
            summary = "Export the contacts of customers as CSV or XLSX",
            description = "The contacts of the companies the filters find and the caller reaches, as the caller's role"
                    + " sees them; each row names its company, under the import's headers, so the file imports again"
                    + " as contacts of the same companies. Streamed.")
    @dev.dossier.shared.SpreadsheetDownload
    void contacts(
            @ParameterObject CustomerFilter filter,
            @Parameter(description = "CSV or XLSX") @RequestParam(defaultValue = "CSV")
                    dev.dossier.shared.TableFile.Format format,
            jakarta.servlet.http.HttpServletResponse response)
            throws java.io.IOException {
        CustomerExportController.writeContacts(export, filter, format, response);
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @GetMapping
    @Operation(summary = "List customers", description = "Filters combine; pages follow nextCursor.")
    Page<CustomerResource> list(
            @ParameterObject CustomerFilter filter,
            @Parameter(description = "name, -name, updated, -updated, created, -created")
                    @RequestParam(required = false)
                    String sort,
            @RequestParam(required = false) String cursor,
            @RequestParam(defaultValue = "50") int limit,
            @Parameter(description = "List the trash instead") @RequestParam(defaultValue = "false") boolean deleted) {
        var slice = queries.list(filter, deleted, CustomerQueries.Sort.parse(sort, filter.q()), cursor, limit);
        var customers = repository.findAll(
                slice.items().stream().map(CustomerQueries.Row::id).toList());
        return new Page<>(
                customers.stream()
                        .map(c -> fields.apply(CustomerResource.of(c, validator.defaultRegion()), Set.of()))
                        .toList(),
                slice.nextCursor());
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.CREATE)
    @PostMapping
    @Operation(
            summary = "Register a customer",
            description = "When customers the caller can see may be the same one, the answer is 409 with the problem"
                    + " type possible-duplicates and the candidates (id, name, score, reasons); send"
                    + " confirmDuplicates=true to register it anyway.")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<CustomerResource> create(
            @RequestBody CustomerPayload payload,
            @Parameter(description = "Register the customer even when others may be the same one")
                    @RequestParam(defaultValue = "false")
                    boolean confirmDuplicates) {
        var customer = management.register(payload.toDraft(), confirmDuplicates);
        return ResponseEntity.created(URI.create("/api/v1/customers/" + customer.id()))
                .eTag(ETags.of(customer.version()))
                .body(resource(customer));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.CREATE)
    @PostMapping("/duplicates")
    @Operation(
            summary = "Find possible duplicates of a customer before registering it",
            description = "The customers the caller can see that may be the same as the one described (as far as it"
                    + " is typed: values that are not valid yet are left out), best first, with scores and reasons.")
    List<dev.dossier.shared.PossibleDuplicatesException.Candidate> duplicates(@RequestBody CustomerPayload payload) {
        return duplicateCheck.of(payload.toDraft());
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @GetMapping("/{id}")
    @Operation(summary = "Read a customer")
    ResponseEntity<CustomerResource> get(
            @PathVariable UUID id,
            @RequestParam(required = false)
                    @io.swagger.v3.oas.annotations.Parameter(
                            description =
                                    "Field groups to show in full where the role may reveal them; each reveal is recorded")
                    Set<FieldGroup> reveal) {
        var opened = management.open(id, reveal == null ? Set.of() : reveal);
        return ResponseEntity.ok()
                .eTag(ETags.of(opened.customer().version()))
                .body(fields.apply(
                        CustomerResource.of(opened.customer(), validator.defaultRegion()), opened.revealed()));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @PutMapping("/{id}")
    @Operation(
            summary = "Replace a customer's details",
            description = "Send If-Match with the ETag read, or the version in the body; a stale one is refused.")
    ResponseEntity<CustomerResource> update(
            @PathVariable UUID id,
            @RequestBody CustomerPayload payload,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = management.get(id);
        int expected = ETags.expectedVersion(ifMatch, payload.version(), current.version());
        var customer = management.revise(id, expected, payload.toDraft());
        return ResponseEntity.ok().eTag(ETags.of(customer.version())).body(resource(customer));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.DELETE)
    @DeleteMapping("/{id}")
    @Operation(summary = "Move a customer to the trash, or delete one in the trash for good (permanent=true)")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> delete(
            @PathVariable UUID id,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch,
            @RequestParam(defaultValue = "false") boolean permanent) {
        if (permanent) {
            management.purge(id);
        } else {
            var current = management.get(id);
            management.trash(
                    id, ifMatch == null ? current.version() : ETags.expectedVersion(ifMatch, null, current.version()));
        }
        return ResponseEntity.noContent().build();
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.DELETE)
    @PostMapping("/{id}/restore")
    @Operation(summary = "Restore a customer from the trash")
    ResponseEntity<CustomerResource> restore(@PathVariable UUID id) {
        var current = management.get(id);
        var customer = management.restore(id, current.version());
        return ResponseEntity.ok().eTag(ETags.of(customer.version())).body(resource(customer));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @GetMapping("/{id}/contacts")
    @Operation(summary = "List a company's contacts")
    List<ContactResource> contacts(@PathVariable UUID id) {
        return management.contacts(id).stream()
                .map(c -> fields.apply(ContactResource.of(c, validator.defaultRegion()), Set.of()))
                .toList();
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/contacts")
    @Operation(summary = "Add a contact to a company")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<ContactResource> addContact(@PathVariable UUID id, @RequestBody ContactPayload payload) {
        var contact = management.addContact(id, payload.toDraft());
        return ResponseEntity.created(URI.create("/api/v1/customers/" + id + "/contacts/" + contact.id()))
                .eTag(ETags.of(contact.version()))
                .body(fields.apply(ContactResource.of(contact, validator.defaultRegion()), Set.of()));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @GetMapping("/{id}/contacts/{contactId}")
    @Operation(summary = "Read a contact")
    ResponseEntity<ContactResource> contact(@PathVariable UUID id, @PathVariable UUID contactId) {
        var contact = management.contact(id, contactId);
        return ResponseEntity.ok()
                .eTag(ETags.of(contact.version()))
                .body(fields.apply(ContactResource.of(contact, validator.defaultRegion()), Set.of()));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @PutMapping("/{id}/contacts/{contactId}")
    @Operation(summary = "Replace a contact's details")
    ResponseEntity<ContactResource> updateContact(
            @PathVariable UUID id,
            @PathVariable UUID contactId,
            @RequestBody ContactPayload payload,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = management.contact(id, contactId);
        int expected = ETags.expectedVersion(ifMatch, payload.version(), current.version());
        var contact = management.reviseContact(id, contactId, expected, payload.toDraft());
        return ResponseEntity.ok()
                .eTag(ETags.of(contact.version()))
                .body(fields.apply(ContactResource.of(contact, validator.defaultRegion()), Set.of()));
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @DeleteMapping("/{id}/contacts/{contactId}")
    @Operation(summary = "Remove a contact")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> deleteContact(
            @PathVariable UUID id,
            @PathVariable UUID contactId,
            @RequestHeader(value = HttpHeaders.IF_MATCH, required = false) String ifMatch) {
        var current = management.contact(id, contactId);
        management.removeContact(
                id,
                contactId,
                ifMatch == null ? current.version() : ETags.expectedVersion(ifMatch, null, current.version()));
        return ResponseEntity.noContent().build();
    }

    /**
     * Sharing a customer with a user or a team.
     *
     * @param userId the user, or null
     * @param teamId the team, or null
     * @param canEdit whether they may change the customer too
     */
    record SharePayload(UUID userId, UUID teamId, Boolean canEdit) {}

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.READ)
    @GetMapping("/{id}/shares")
    @Operation(summary = "List who a customer is shared with beyond their record scope")
    List<dev.dossier.identity.RecordShares.Share> shares(@PathVariable UUID id) {
        return management.shares(id);
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @PostMapping("/{id}/shares")
    @Operation(summary = "Share a customer with a user or a team (exactly one of userId, teamId)")
    @ResponseStatus(HttpStatus.CREATED)
    ResponseEntity<dev.dossier.identity.RecordShares.Share> share(
            @PathVariable UUID id, @RequestBody SharePayload payload) {
        var share = management.share(id, payload.userId(), payload.teamId(), Boolean.TRUE.equals(payload.canEdit()));
        return ResponseEntity.created(URI.create("/api/v1/customers/" + id + "/shares/" + share.id()))
                .body(share);
    }

    @Permission(area = Access.Area.CUSTOMERS, operation = Access.Operation.EDIT)
    @DeleteMapping("/{id}/shares/{shareId}")
    @Operation(summary = "Withdraw a share")
    @ResponseStatus(HttpStatus.NO_CONTENT)
    ResponseEntity<Void> unshare(@PathVariable UUID id, @PathVariable UUID shareId) {
        management.unshare(id, shareId);
        return ResponseEntity.noContent().build();
    }

    private CustomerResource resource(Customer customer) {
        return fields.apply(CustomerResource.of(customer, validator.defaultRegion()), Set.of());
    }
}
