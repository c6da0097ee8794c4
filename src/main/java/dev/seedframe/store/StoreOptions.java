package dev.seedframe.store;

import java.time.Clock;
import java.time.Duration;
import java.util.Objects;

/**
 * How a project store behaves.
 *
 * @param actor who the audit trail names for this session's generations ("who"); the OS user name by
 *     default
 * @param busyTimeout how long a write waits for another process (another Seedframe window) that is
 *     writing the same project before giving up with {@link ProjectBusyException}
 * @param clock the time source for timestamps
 */
public record StoreOptions(String actor, Duration busyTimeout, Clock clock) {

    /** SQLite's lock wait; long enough for another window to finish recording one generation. */
    public static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(5);

    public StoreOptions {
        Objects.requireNonNull(actor, "actor");
        Objects.requireNonNull(busyTimeout, "busyTimeout");
        Objects.requireNonNull(clock, "clock");
        if (actor.isBlank()) {
            throw new IllegalArgumentException("the actor must not be blank");
        }
        if (busyTimeout.isNegative() || busyTimeout.toMillis() > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("busy timeout out of range: " + busyTimeout);
        }
    }

    /** The OS user, a five second lock wait, the system clock. */
    public static StoreOptions defaults() {
        String user = System.getProperty("user.name");
        return new StoreOptions(user == null || user.isBlank() ? "unknown" : user, DEFAULT_BUSY_TIMEOUT, Clock.systemUTC());
    }

    public StoreOptions withActor(String a) {
        return new StoreOptions(a, busyTimeout, clock);
    }

    public StoreOptions withBusyTimeout(Duration d) {
        return new StoreOptions(actor, d, clock);
    }

    public StoreOptions withClock(Clock c) {
        return new StoreOptions(actor, busyTimeout, c);
    }
}
