package dev.dossier.keys;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The audit trail's keys: kept in the key ring's text, rotated with the data keys, and usable by their ids. */
class SealsTest {

    @Test
    void aSealVerifiesOnlyUnderItsKeyAndTextAndSurvivesRotationAndTheTextForm() {
        var keys = new Keys(KeyRing.generate());
        var seals = new Seals(keys);
        var seal = seals.seal("entry 1");
        assertThat(seal.keyId()).isEqualTo("a1");
        assertThat(seal.mac()).hasSize(64).matches("[0-9a-f]+");
        assertThat(seals.verify("a1", "entry 1", seal.mac())).isTrue();
        assertThat(seals.verify("a1", "entry 2", seal.mac())).isFalse();
        assertThat(seals.verify("a9", "entry 1", seal.mac())).as("unknown key").isFalse();
        assertThat(seals.verify("a1", "entry 1", null)).isFalse();

        // Rotation adds a chain key that seals from now on; the old one still verifies what it sealed.
        var rotated = new Keys(KeyRing.parse(keys.ring().withNewPrimary().format()));
        var after = new Seals(rotated);
        assertThat(after.seal("entry 2").keyId()).isEqualTo("a2");
        assertThat(after.verify("a1", "entry 1", seal.mac())).isTrue();
        assertThat(after.seal("a1", "entry 1")).isEqualTo(seal);
        // The checkpoint key does not change on rotation; a checkpoint from another installation does not verify.
        var signature = seals.signCheckpoint("checkpoint");
        assertThat(after.checkpointSigned("checkpoint", signature)).isTrue();
        assertThat(new Seals(new Keys(KeyRing.generate())).checkpointSigned("checkpoint", signature))
                .isFalse();
    }

    @Test
    void aRingWrittenBeforeTheTrailWasKeyedGetsStableDerivedKeys() {
        var text = KeyRing.generate()
                .format()
                .lines()
                .filter(line -> !line.startsWith("audit.") && !line.startsWith("anchor="))
                .reduce("", (a, b) -> a + b + "\n");
        var once = new Seals(new Keys(KeyRing.parse(text)));
        var again = new Seals(new Keys(KeyRing.parse(text)));
        var seal = once.seal("entry");
        assertThat(seal.keyId()).isEqualTo("a0");
        assertThat(again.verify("a0", "entry", seal.mac())).isTrue();
        assertThat(again.checkpointSigned("checkpoint", once.signCheckpoint("checkpoint")))
                .isTrue();
        // Written out at the next rotation, the derived keys stay what they were.
        var rotated = KeyRing.parse(KeyRing.parse(text).withNewPrimary().format());
        assertThat(rotated.chainKeyIds()).containsExactly("a0", "a1");
        assertThat(new Seals(new Keys(rotated)).verify("a0", "entry", seal.mac()))
                .isTrue();
        assertThat(new Seals(new Keys(rotated)).checkpointSigned("checkpoint", once.signCheckpoint("checkpoint")))
                .isTrue();
    }
}
