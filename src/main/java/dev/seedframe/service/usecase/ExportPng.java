package dev.seedframe.service.usecase;

import dev.seedframe.domain.AuditEntry;
import dev.seedframe.imaging.ImageFiles;
import dev.seedframe.service.Generation;
import dev.seedframe.service.Project;
import dev.seedframe.service.SeedframePng;
import dev.seedframe.store.StoreException;
import java.io.IOException;
import java.nio.file.Path;

/** Exporting a generation as a PNG carrying its exact request, inputs, model and engine; the export is audited. */
public final class ExportPng {

    /** Writes generation {@code id}'s PNG to {@code out} atomically and records the export. */
    public void run(Project project, long id, Path out) throws StoreException, IOException {
        byte[] png = SeedframePng.encode(Generation.recorded(project.load(id)));
        ImageFiles.writeAtomically(out, png);
        project.auditQuietly(AuditEntry.EXPORT, id, out.toAbsolutePath().toString());
    }
}
