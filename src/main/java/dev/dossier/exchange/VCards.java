package dev.dossier.exchange;

import dev.dossier.shared.FieldProblem;
import dev.dossier.shared.ValidationException;
import ezvcard.VCard;
import ezvcard.io.text.VCardReader;
import ezvcard.parameter.TelephoneType;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Objects;

/**
 * A file of vCards (3.0 or 4.0, as phones and mail programs export contacts) read as a table: one row a card, read
 * one card at a time, under fixed headers the column guess knows. The name is the card's formatted name (or its
 * family and given names), the company and department its organisation, mobiles the numbers typed as cell phones,
 * the address its first postal address; properties Dossier does not keep are left out. Row numbers count the cards
 * (the first card is row 2, as if the headers were row 1).
 */
final class VCards implements ImportFiles.Table {

    static final List<String> HEADERS = List.of(
            "ID",
            "Name",
            "Company",
            "Department",
            "Job Title",
            "Mobile",
            "Phone",
            "Email",
            "Birthday",
            "Province",
            "City",
            "Address",
            "Postal Code",
            "Tags",
            "Remarks");

    private final VCardReader reader;
    private long line = 1;
    private ImportFiles.SourceRow next;

    VCards(InputStream in) {
        this.reader = new VCardReader(in);
    }

    /** Whether a file's first bytes are a vCard. */
    static boolean looksLikeOne(byte[] head) {
        var text = new String(head, 0, Math.min(head.length, 64), java.nio.charset.StandardCharsets.ISO_8859_1);
        text = text.replace("\u00EF\u00BB\u00BF", "").stripLeading();
        return text.regionMatches(true, 0, "BEGIN:VCARD", 0, 11);
    }

    @Override
    public List<String> headers() {
        return HEADERS;
    }

    @Override
    public boolean hasNext() {
        if (next != null) {
            return true;
        }
        try {
            var card = reader.readNext();
            if (card == null) {
                return false;
            }
            line++;
            next = new ImportFiles.SourceRow(line, cells(card));
            return true;
        } catch (IOException | RuntimeException e) {
            throw new ValidationException(List.of(new FieldProblem("file", "import.file.malformed", line + 1)));
        }
    }

    @Override
    public ImportFiles.SourceRow next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        var row = next;
        next = null;
        return row;
    }

    private static List<String> cells(VCard card) {
        var organisation = card.getOrganization() == null
                ? List.<String>of()
                : card.getOrganization().getValues();
        var mobiles = new ArrayList<String>();
        var phones = new ArrayList<String>();
        for (var tel : card.getTelephoneNumbers()) {
            var number = tel.getText() != null
                    ? tel.getText()
                    : tel.getUri() == null ? null : tel.getUri().getNumber();
            if (number != null) {
                (tel.getTypes().contains(TelephoneType.CELL) ? mobiles : phones).add(number);
            }
        }
        var address = card.getAddresses().isEmpty() ? null : card.getAddresses().getFirst();
        var cells = new ArrayList<String>(HEADERS.size());
        cells.add(card.getUid() == null ? "" : text(card.getUid().getValue()));
        cells.add(name(card));
        cells.add(organisation.isEmpty() ? "" : text(organisation.getFirst()));
        cells.add(organisation.size() < 2 ? "" : text(organisation.get(1)));
        cells.add(
                card.getTitles().isEmpty()
                        ? ""
                        : text(card.getTitles().getFirst().getValue()));
        cells.add(String.join("; ", mobiles));
        cells.add(String.join("; ", phones));
        cells.add(String.join(
                "; ",
                card.getEmails().stream()
                        .map(e -> e.getValue())
                        .filter(Objects::nonNull)
                        .toList()));
        cells.add(birthday(card));
        cells.add(address == null ? "" : text(address.getRegion()));
        cells.add(address == null ? "" : text(address.getLocality()));
        cells.add(address == null ? "" : text(address.getStreetAddress()));
        cells.add(address == null ? "" : text(address.getPostalCode()));
        cells.add(
                card.getCategories() == null
                        ? ""
                        : String.join("; ", card.getCategories().getValues()));
        cells.add(
                card.getNotes().isEmpty() ? "" : text(card.getNotes().getFirst().getValue()));
        return cells;
    }

    private static String name(VCard card) {
        if (card.getFormattedName() != null && card.getFormattedName().getValue() != null) {
            return card.getFormattedName().getValue();
        }
        var n = card.getStructuredName();
        if (n == null) {
            return "";
        }
        var family = text(n.getFamily());
        var given = text(n.getGiven());
        // Chinese names are written family name first, without a space.
        boolean han =
                !family.isEmpty() && Character.UnicodeScript.of(family.codePointAt(0)) == Character.UnicodeScript.HAN;
        return han ? family + given : (given + " " + family).strip();
    }

    private static String birthday(VCard card) {
        var birthday = card.getBirthday();
        if (birthday == null) {
            return "";
        }
        if (birthday.getDate() != null) {
            return birthday.getDate()
                    .toString()
                    .substring(0, Math.min(10, birthday.getDate().toString().length()));
        }
        return text(birthday.getText());
    }

    private static String text(String value) {
        return value == null ? "" : value;
    }

    @Override
    public void close() {
        try {
            reader.close();
        } catch (IOException e) {
            // Nothing was written.
        }
    }
}
