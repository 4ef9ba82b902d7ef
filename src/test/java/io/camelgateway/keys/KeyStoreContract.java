package io.camelgateway.keys;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import io.camelgateway.json.Json;
import java.math.BigDecimal;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What every {@link KeyStore} must do, run against each implementation. */
abstract class KeyStoreContract {

    static final String PEPPER = "pepper-for-tests-0123456789";
    static final Instant NOW = Instant.parse("2026-11-29T08:00:00Z");

    abstract KeyStore store();

    VirtualKeys keys() {
        return new VirtualKeys(store(), new KeyHasher(PEPPER), Clock.fixed(NOW, ZoneOffset.UTC));
    }

    static KeyRecord draft(String owner) {
        ObjectNode metadata = Json.object().put("cost_center", "cc-42");
        return new KeyRecord(null, null, owner, "platform", "web", List.of("anthropic/*", "auto"),
                new Budget(new BigDecimal("50.5"), Budget.Period.MONTH), new Limits(60, 200_000L),
                Instant.parse("2027-01-01T00:00:00Z"), true, metadata, null, null);
    }

    @Test
    void anIssuedKeyIsFoundByItsPlainKeyAndByIdWithEveryField() {
        VirtualKeys keys = keys();
        VirtualKeys.Issued issued = keys.issue(draft("ana"));

        KeyRecord found = keys.find(issued.plainKey()).orElseThrow();
        assertEquals(issued.record(), found);
        assertEquals(found, store().keyById(found.id()).orElseThrow());
        assertEquals("ana", found.owner());
        assertEquals("platform", found.team());
        assertEquals("web", found.project());
        assertEquals(List.of("anthropic/*", "auto"), found.models());
        assertEquals(0, new BigDecimal("50.5").compareTo(found.budget().usd()));
        assertEquals(Budget.Period.MONTH, found.budget().period());
        assertEquals(new Limits(60, 200_000L), found.limits());
        assertEquals(Instant.parse("2027-01-01T00:00:00Z"), found.expiresAt());
        assertEquals("cc-42", found.metadata().path("cost_center").asText());
        assertEquals(NOW, found.createdAt());
        assertTrue(found.enabled());
        assertNull(found.revokedAt());
        assertFalse(found.hash().contains(issued.plainKey().substring(6)), "only the keyed hash is stored");
    }

    @Test
    void aKeyWithOnlyAnOwnerKeepsItsEmptyFields() {
        VirtualKeys keys = keys();
        KeyRecord bare = new KeyRecord(null, null, "bo", null, null, List.of(), null, null, null, true, null, null,
                null);
        VirtualKeys.Issued issued = keys.issue(bare);
        KeyRecord found = store().keyById(issued.record().id()).orElseThrow();
        assertEquals(List.of(), found.models());
        assertNull(found.budget());
        assertNull(found.limits());
        assertNull(found.team());
        assertNull(found.expiresAt());
        assertNull(found.metadata());
    }

    @Test
    void anUnknownOrMalformedKeyIsNotFound() {
        VirtualKeys keys = keys();
        keys.issue(draft("ana"));
        assertTrue(keys.find(KeyFormat.newKey()).isEmpty());
        assertTrue(keys.find("not-a-key").isEmpty());
        assertTrue(store().keyById("key_missing0000").isEmpty());
    }

    @Test
    void rotationReplacesTheKeyAndRevocationKeepsTheRecord() {
        VirtualKeys keys = keys();
        VirtualKeys.Issued issued = keys.issue(draft("ana"));

        VirtualKeys.Issued rotated = keys.rotate(issued.record().id()).orElseThrow();
        assertTrue(keys.find(issued.plainKey()).isEmpty(), "the old key is refused at once on this replica");
        assertEquals(issued.record().id(), keys.find(rotated.plainKey()).orElseThrow().id());

        KeyRecord revoked = keys.revoke(issued.record().id()).orElseThrow();
        assertEquals(NOW, revoked.revokedAt());
        KeyRecord stored = keys.find(rotated.plainKey()).orElseThrow();
        assertFalse(stored.usableAt(NOW));
        assertEquals(1, store().keys().size(), "revoked keys stay for reporting");
        assertTrue(keys.rotate("key_missing0000").isEmpty());
    }

    @Test
    void keysAreListedOldestFirstAndIdsAndHashesAreUnique() {
        VirtualKeys keys = keys();
        KeyRecord first = keys.issue(draft("ana")).record();
        keys.issue(draft("bo"));
        assertEquals(2, store().keys().size());
        assertThrows(RuntimeException.class, () -> store().insertKey(first));
    }

    @Test
    void teamsAreCreatedOnceListedByNameAndUpdated() {
        TeamRecord platform = new TeamRecord("platform", new Budget(new BigDecimal("1000"), Budget.Period.WEEK),
                new Limits(600, null), NOW);
        assertTrue(store().insertTeam(platform));
        assertFalse(store().insertTeam(platform));
        assertTrue(store().insertTeam(new TeamRecord("data", null, null, NOW)));

        assertEquals(List.of("data", "platform"), store().teams().stream().map(TeamRecord::name).toList());
        TeamRecord found = store().team("platform").orElseThrow();
        assertEquals(0, new BigDecimal("1000").compareTo(found.budget().usd()));
        assertEquals(Budget.Period.WEEK, found.budget().period());
        assertEquals(new Limits(600, null), found.limits());

        assertTrue(store().updateTeam(new TeamRecord("platform", null, new Limits(null, 5L), NOW)));
        TeamRecord updated = store().team("platform").orElseThrow();
        assertNull(updated.budget());
        assertEquals(new Limits(null, 5L), updated.limits());
        assertFalse(store().updateTeam(new TeamRecord("nobody", null, null, NOW)));
    }
}
