package dev.dossier.search;

import dev.dossier.customers.CustomerEvents.CustomerChanged;
import dev.dossier.customers.CustomerEvents.CustomerPurged;
import dev.dossier.customers.CustomerEvents.CustomerRegistered;
import dev.dossier.customers.CustomerEvents.CustomerRestored;
import dev.dossier.customers.CustomerEvents.CustomerTrashed;
import dev.dossier.customers.CustomerEvents.CustomersImported;
import dev.dossier.feedback.CaseEvents.CaseAssigned;
import dev.dossier.feedback.CaseEvents.CaseOpened;
import dev.dossier.feedback.CaseEvents.CaseReopened;
import dev.dossier.feedback.CaseEvents.CaseResolved;
import dev.dossier.feedback.ProblemEdited;
import dev.dossier.feedback.ProblemReported;
import dev.dossier.feedback.ProblemStatusChanged;
import dev.dossier.interactions.InteractionEvents.InteractionChanged;
import dev.dossier.interactions.InteractionEvents.InteractionDeleted;
import dev.dossier.interactions.InteractionEvents.InteractionLogged;
import dev.dossier.notes.NoteEvents.NoteDeleted;
import dev.dossier.notes.NoteEvents.NoteEdited;
import dev.dossier.notes.NoteEvents.NoteWritten;
import dev.dossier.privacy.PrivacyEvents.CustomerErased;
import dev.dossier.products.ProductEvents.ProductChanged;
import java.util.List;
import java.util.UUID;
import org.springframework.modulith.events.ApplicationModuleListener;
import org.springframework.stereotype.Component;

/**
 * Hears of the other modules' changes and puts them in the feed, after the change committed and through the event
 * publication registry, so that a change made just before a crash still reaches every index. A new kind of record is
 * a few more methods here.
 */
@Component
class SearchListeners {

    private final SearchFeed feed;

    SearchListeners(SearchFeed feed) {
        this.feed = feed;
    }

    // Contacts are kept under their customer's key.

    @ApplicationModuleListener
    void on(CustomerRegistered event) {
        feed.add("contact", List.of(event.customerId()));
    }

    @ApplicationModuleListener
    void on(CustomerChanged event) {
        feed.add("contact", List.of(event.customerId()));
        if (event.fields().contains("ownerId") || event.fields().contains("teamId")) {
            // Who may find the records about the customer changed with its owner or team.
            feed.add(SearchFeed.ABOUT_CUSTOMER, List.of(event.customerId()));
        }
    }

    @ApplicationModuleListener
    void on(CustomerTrashed event) {
        feed.add("contact", List.of(event.customerId()));
    }

    @ApplicationModuleListener
    void on(CustomerRestored event) {
        feed.add("contact", List.of(event.customerId()));
    }

    @ApplicationModuleListener
    void on(CustomersImported event) {
        feed.add("contact", event.customerIds());
    }

    @ApplicationModuleListener
    void on(CustomerPurged event) {
        about(event.customerId());
    }

    @ApplicationModuleListener
    void on(CustomerErased event) {
        about(event.customerId());
    }

    private void about(UUID customerId) {
        feed.add("contact", List.of(customerId));
        feed.add(SearchFeed.ABOUT_CUSTOMER, List.of(customerId));
    }

    @ApplicationModuleListener
    void on(InteractionLogged event) {
        feed.add("interaction", List.of(event.interactionId()));
    }

    @ApplicationModuleListener
    void on(dev.dossier.interactions.InteractionEvents.InteractionsImported event) {
        var ids = new java.util.ArrayList<>(event.logged());
        ids.addAll(event.changed());
        feed.add("interaction", ids);
    }

    @ApplicationModuleListener
    void on(InteractionChanged event) {
        feed.add("interaction", List.of(event.interactionId()));
    }

    @ApplicationModuleListener
    void on(InteractionDeleted event) {
        feed.add("interaction", List.of(event.interactionId()));
    }

    @ApplicationModuleListener
    void on(NoteWritten event) {
        feed.add("note", List.of(event.noteId()));
    }

    @ApplicationModuleListener
    void on(NoteEdited event) {
        feed.add("note", List.of(event.noteId()));
    }

    @ApplicationModuleListener
    void on(NoteDeleted event) {
        feed.add("note", List.of(event.noteId()));
    }

    @ApplicationModuleListener
    void on(CaseOpened event) {
        feed.add("case", List.of(event.caseId()));
    }

    @ApplicationModuleListener
    void on(CaseAssigned event) {
        feed.add("case", List.of(event.caseId()));
    }

    @ApplicationModuleListener
    void on(CaseResolved event) {
        feed.add("case", List.of(event.caseId()));
    }

    @ApplicationModuleListener
    void on(CaseReopened event) {
        feed.add("case", List.of(event.caseId()));
    }

    @ApplicationModuleListener
    void on(ProblemReported event) {
        feed.add("problem", List.of(event.problemId()));
    }

    @ApplicationModuleListener
    void on(ProblemStatusChanged event) {
        feed.add("problem", List.of(event.problemId()));
    }

    @ApplicationModuleListener
    void on(ProblemEdited event) {
        feed.add("problem", List.of(event.problemId()));
    }

    @ApplicationModuleListener
    void on(ProductChanged event) {
        feed.add("product", List.of(event.productId()));
    }
}
