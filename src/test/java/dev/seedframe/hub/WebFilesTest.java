package dev.seedframe.hub;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.seedframe.domain.CancellationToken;
import dev.seedframe.testing.WebPictureServer;
import java.net.URI;
import java.time.Duration;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * Fetching a picture by its web address (a picture dragged from a browser), against a real local HTTP server:
 * redirects followed, a cut connection tried again, an answer over the limit refused whether its length is announced
 * or not, a missing file and an address that is not the web's said plainly.
 */
class WebFilesTest {

    private final WebFiles web = new WebFiles(Duration.ofSeconds(5));

    private static byte[] bytes(int n) {
        byte[] b = new byte[n];
        new Random(n).nextBytes(b);
        return b;
    }

    @Test
    void aFileIsFetchedAfterItsRedirectsAndNamedByItsLastAddress() throws Exception {
        byte[] cat = bytes(50_000);
        try (WebPictureServer s = new WebPictureServer().file("/img/cat.png", cat).redirect("/r/123", "/img/cat.png")) {
            WebFiles.Fetched f = web.fetch(s.uri("/r/123"), 1 << 20, new CancellationToken());
            assertArrayEquals(cat, f.bytes());
            assertEquals("cat.png", f.name());
            assertEquals("image/png", f.contentType());
        }
    }

    @Test
    void aCutConnectionIsTriedAgain() throws Exception {
        byte[] dog = bytes(80_000);
        try (WebPictureServer s = new WebPictureServer().file("/dog.jpg", dog).cut("/dog.jpg", 1000, 1)) {
            assertArrayEquals(dog, web.fetch(s.uri("/dog.jpg"), 1 << 20, new CancellationToken()).bytes());
            assertEquals(2, s.seen().size(), "the second try got it");
        }
    }

    @Test
    void anAnswerOverTheLimitIsRefusedAnnouncedOrNot() throws Exception {
        try (WebPictureServer s = new WebPictureServer().file("/big.png", bytes(5000)).chunked("/stream.png",
                bytes(5000))) {
            HubException announced = assertThrows(HubException.class,
                    () -> web.fetch(s.uri("/big.png"), 4096, new CancellationToken()));
            assertEquals(HubException.Kind.INVALID, announced.kind());
            assertTrue(announced.getMessage().contains("is larger than the"), announced.getMessage());
            HubException streamed = assertThrows(HubException.class,
                    () -> web.fetch(s.uri("/stream.png"), 4096, new CancellationToken()));
            assertEquals(HubException.Kind.INVALID, streamed.kind());
            assertEquals(5000, web.fetch(s.uri("/stream.png"), 5000, new CancellationToken()).bytes().length,
                    "at the limit: taken");
        }
    }

    @Test
    void aMissingFileAndAnAddressThatIsNotTheWebsAreSaid() throws Exception {
        try (WebPictureServer s = new WebPictureServer()) {
            HubException missing = assertThrows(HubException.class,
                    () -> web.fetch(s.uri("/gone.png"), 1 << 20, new CancellationToken()));
            assertEquals(HubException.Kind.NOT_FOUND, missing.kind());
        }
        HubException ftp = assertThrows(HubException.class,
                () -> web.fetch(URI.create("ftp://example.org/a.png"), 1 << 20, new CancellationToken()));
        assertEquals(HubException.Kind.INVALID, ftp.kind());
        assertEquals("ftp://example.org/a.png is not a web address (http or https)", ftp.getMessage());
    }
}
