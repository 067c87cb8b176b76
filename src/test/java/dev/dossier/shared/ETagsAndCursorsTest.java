package dev.dossier.shared;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;

class ETagsAndCursorsTest {

    @Test
    void ifMatchWinsOverThePayloadVersion() {
        assertThat(ETags.expectedVersion("\"3\"", 1, 3)).isEqualTo(3);
        assertThat(ETags.expectedVersion("W/\"3\"", null, 3)).isEqualTo(3);
        assertThat(ETags.expectedVersion(null, 2, 3)).isEqualTo(2);
        assertThat(ETags.expectedVersion("*", null, 7)).isEqualTo(7);
    }

    @Test
    void aStaleOrMissingPreconditionIsRefused() {
        assertThatThrownBy(() -> ETags.expectedVersion("\"2\"", null, 3))
                .isInstanceOfSatisfying(PreconditionFailedException.class, e -> {
                    assertThat(e.missing()).isFalse();
                    assertThat(e.currentVersion()).isEqualTo(3);
                });
        assertThatThrownBy(() -> ETags.expectedVersion("\"abc\"", null, 3))
                .isInstanceOf(PreconditionFailedException.class);
        assertThatThrownBy(() -> ETags.expectedVersion(null, null, 3))
                .isInstanceOfSatisfying(
                        PreconditionFailedException.class,
                        e -> assertThat(e.missing()).isTrue());
    }

    @Test
    void cursorsRoundTripAndRefuseGarbage() {
        var cursor = Cursor.encode(List.of("zhang san 张三", "0b6f0c1e-0000-4000-8000-000000000001"));
        assertThat(cursor).doesNotContain("/", "+", "=");
        assertThat(Cursor.decode(cursor, 2)).containsExactly("zhang san 张三", "0b6f0c1e-0000-4000-8000-000000000001");
        assertThatThrownBy(() -> Cursor.decode("!!!", 2)).isInstanceOf(InvalidValueException.class);
        assertThatThrownBy(() -> Cursor.decode(cursor, 3)).isInstanceOf(InvalidValueException.class);
    }
}
