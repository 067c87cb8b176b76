package dev.dossier.privacy;

import static dev.dossier.db.Tables.CONSENT;

import dev.dossier.customers.CustomerDirectory;
import dev.dossier.db.Stamps;
import dev.dossier.db.tables.records.ConsentRecord;
import dev.dossier.identity.Access;
import dev.dossier.identity.Access.Area;
import dev.dossier.identity.Access.Operation;
import dev.dossier.identity.CurrentUser;
import dev.dossier.shared.ConsentCheck;
import dev.dossier.shared.ConsentRequiredException;
import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.FieldRules;
import dev.dossier.shared.Inputs;
import dev.dossier.shared.NotFoundException;
import dev.dossier.shared.OneOf;
import dev.dossier.shared.StaleVersionException;
import dev.dossier.shared.ValidationException;
import io.swagger.v3.oas.annotations.media.Schema;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.time.Clock;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.jooq.DSLContext;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * The consent ledger: one row a consent, never overwritten. Withdrawal closes a row; consenting again is a new row,
 * so the whole history stays. Answers {@link ConsentCheck} for every module.
 */
@Service
class ConsentLedger implements ConsentCheck {

    /**
     * One consent as recorded.
     *
     * @param id id
     * @param customerId whose
     * @param purpose what for
     * @param scope what exactly, in the words of the consent
     * @param channel how it was given
     * @param givenAt when it was given
     * @param recordedBy who recorded it
     * @param evidence where the proof is, remarks
     * @param withdrawnAt when withdrawn, or null while in force
     * @param withdrawnBy who recorded the withdrawal
     * @param withdrawalReason why
     * @param version version
     */
    record Consent(
            UUID id,
            UUID customerId,
            ConsentPurpose purpose,
            String scope,
            ConsentChannel channel,
            OffsetDateTime givenAt,
            UUID recordedBy,
            String evidence,
            OffsetDateTime withdrawnAt,
            UUID withdrawnBy,
            String withdrawalReason,
            int version) {

        public boolean inForce() {
            return withdrawnAt == null;
        }
    }

    /**
     * A consent to record, as typed or sent.
     *
     * @param purpose a {@link ConsentPurpose} name
     * @param scope free text
     * @param channel a {@link ConsentChannel} name
     * @param givenAt when it was given; now when null
     * @param evidence where the proof is, remarks
     */
    @Schema(requiredProperties = {"purpose", "channel"})
    record ConsentDraft(
            @Schema(implementation = ConsentPurpose.class) @NotNull @OneOf(ConsentPurpose.class)
            String purpose,

            @Size(max = 500) String scope,

            @Schema(implementation = ConsentChannel.class) @NotNull @OneOf(ConsentChannel.class)
            String channel,

            OffsetDateTime givenAt,
            @Size(max = 2000) String evidence) {

        ConsentDraft {
            purpose = Inputs.trim(purpose);
            scope = Inputs.trim(scope);
            channel = Inputs.trim(channel);
            evidence = Inputs.trim(evidence);
        }
    }

    /**
     * Why a consent is withdrawn, as typed or sent.
     *
     * @param reason free text, or null
     */
    record Withdrawal(@Size(max = 500) String reason) {

        Withdrawal {
            reason = Inputs.trim(reason);
        }
    }

    private final DSLContext db;
    private final Access access;
    private final CustomerDirectory customers;
    private final Clock clock;

    ConsentLedger(DSLContext db, Access access, CustomerDirectory customers, Clock clock) {
        this.db = db;
        this.access = access;
        this.customers = customers;
        this.clock = clock;
    }

    /** Every consent of the customer, newest first, withdrawn ones included. */
    @Transactional(readOnly = true)
    List<Consent> of(UUID customerId) {
        access.require(Area.PRIVACY, Operation.READ);
        requireCustomer(customerId);
        return db.selectFrom(CONSENT)
                .where(CONSENT.CUSTOMER_ID.eq(customerId))
                .orderBy(CONSENT.GIVEN_AT.desc(), CONSENT.CREATED_AT.desc(), CONSENT.ID)
                .fetch(ConsentLedger::toConsent);
    }

    @Transactional
    Consent record(UUID customerId, ConsentDraft draft) {
        access.require(Area.PRIVACY, Operation.CREATE);
        requireCustomer(customerId);
        var problems = new ArrayList<>(FieldRules.check("privacy.field", draft));
        var now = now();
        var givenAt = draft.givenAt() == null ? now : draft.givenAt();
        if (givenAt.isAfter(now.plusMinutes(5))) {
            problems.add(new FieldProblem("givenAt", "privacy.consent.given-in-future"));
        }
        if (!problems.isEmpty()) {
            throw new ValidationException(problems);
        }
        var purpose = Inputs.choice(ConsentPurpose.class, draft.purpose());
        var channel = Inputs.choice(ConsentChannel.class, draft.channel());
        var by = CurrentUser.actor().userId();
        var row = db.newRecord(CONSENT);
        row.setId(UUID.randomUUID());
        row.setCustomerId(customerId);
        row.setPurpose(purpose.name());
        row.setScope(draft.scope());
        row.setChannel(channel.name());
        row.setGivenAt(givenAt);
        row.setRecordedBy(by);
        row.setEvidence(draft.evidence());
        Stamps.created(row, by, now);
        row.insert();
        return toConsent(row);
    }

    /** Closes a consent in force; {@code expectedVersion} null skips the version check. */
    @Transactional
    Consent withdraw(UUID customerId, UUID consentId, Integer expectedVersion, String reason) {
        access.require(Area.PRIVACY, Operation.EDIT);
        var row = db.selectFrom(CONSENT)
                .where(CONSENT.ID.eq(consentId))
                .and(CONSENT.CUSTOMER_ID.eq(customerId))
                .fetchOne();
        if (row == null) {
            throw new NotFoundException("Consent");
        }
        if (expectedVersion != null && row.getVersion() != expectedVersion.intValue()) {
            throw new StaleVersionException("Consent", row.getVersion());
        }
        if (row.getWithdrawnAt() != null) {
            throw new WorkflowException("consent-withdrawn", "privacy.consent.already-withdrawn");
        }
        var withdrawal = new Withdrawal(reason);
        FieldRules.require("privacy.field", withdrawal);
        var now = now();
        var by = CurrentUser.actor().userId();
        int updated = db.update(CONSENT)
                .set(CONSENT.WITHDRAWN_AT, now)
                .set(CONSENT.WITHDRAWN_BY, by)
                .set(CONSENT.WITHDRAWAL_REASON, withdrawal.reason())
                .set(Stamps.changed(CONSENT, by, now))
                .where(CONSENT.ID.eq(consentId))
                .and(CONSENT.VERSION.eq(row.getVersion()))
                .and(CONSENT.WITHDRAWN_AT.isNull())
                .execute();
        if (updated == 0) {
            throw new StaleVersionException("Consent", row.getVersion() + 1);
        }
        row.refresh();
        return toConsent(row);
    }

    /** Withdraws every consent in force (an objection); returns how many. Runs in the caller's transaction. */
    int withdrawAll(UUID customerId, String reason) {
        var now = now();
        var by = CurrentUser.actor().userId();
        return db.update(CONSENT)
                .set(CONSENT.WITHDRAWN_AT, now)
                .set(CONSENT.WITHDRAWN_BY, by)
                .set(CONSENT.WITHDRAWAL_REASON, reason)
                .set(Stamps.changed(CONSENT, by, now))
                .where(CONSENT.CUSTOMER_ID.eq(customerId))
                .and(CONSENT.WITHDRAWN_AT.isNull())
                .execute();
    }

    @Override
    @Transactional(readOnly = true)
    public boolean granted(UUID customerId, String purpose) {
        return db.fetchExists(
                CONSENT,
                CONSENT.CUSTOMER_ID
                        .eq(customerId)
                        .and(CONSENT.PURPOSE.eq(purpose))
                        .and(CONSENT.WITHDRAWN_AT.isNull())
                        .and(CONSENT.GIVEN_AT.le(now().plusMinutes(5))));
    }

    @Override
    @Transactional(readOnly = true)
    public Standing standing(UUID customerId, String purpose) {
        if (granted(customerId, purpose)) {
            return Standing.GRANTED;
        }
        return db.fetchExists(
                        CONSENT,
                        CONSENT.CUSTOMER_ID
                                .eq(customerId)
                                .and(CONSENT.PURPOSE.eq(purpose))
                                .and(CONSENT.WITHDRAWN_AT.isNotNull()))
                ? Standing.WITHDRAWN
                : Standing.NONE;
    }

    @Override
    public void require(UUID customerId, String purpose) {
        if (!granted(customerId, purpose)) {
            throw new ConsentRequiredException(customerId, purpose);
        }
    }

    private void requireCustomer(UUID customerId) {
        if (!customers.exists(customerId)) {
            throw new NotFoundException("Customer");
        }
    }

    private OffsetDateTime now() {
        return OffsetDateTime.now(clock);
    }

    private static Consent toConsent(ConsentRecord r) {
        return new Consent(
                r.getId(),
                r.getCustomerId(),
                ConsentPurpose.valueOf(r.getPurpose()),
                r.getScope(),
                ConsentChannel.valueOf(r.getChannel()),
                r.getGivenAt(),
                r.getRecordedBy(),
                r.getEvidence(),
                r.getWithdrawnAt(),
                r.getWithdrawnBy(),
                r.getWithdrawalReason(),
                r.getVersion());
    }
}
