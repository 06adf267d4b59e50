package org.consilium.shared;

import java.io.IOException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * Folders and files that only the service's own account may open: folders mode 700, files 600. The modes are set
 * when a file is created, never afterwards, so there is no moment in which another local account could open it. On a
 * file system without POSIX permissions the folder's own access rules apply.
 */
public final class PrivateFiles {

    private static final Set<PosixFilePermission> FOLDER = PosixFilePermissions.fromString("rwx------");
    private static final Set<PosixFilePermission> FILE = PosixFilePermissions.fromString("rw-------");
    private static final boolean POSIX = FileSystems.getDefault().supportedFileAttributeViews().contains("posix");

    private PrivateFiles() {
    }

    /** Creates the folder and any missing parents, each owner-only; an existing folder is left as it is. */
    public static Path createFolders(Path folder) throws IOException {
        return POSIX ? Files.createDirectories(folder, PosixFilePermissions.asFileAttribute(FOLDER))
                : Files.createDirectories(folder);
    }

    /** The attributes that make a new file owner-only, for {@code Files.newByteChannel} and its kin. */
    public static FileAttribute<?>[] newFile() {
        return POSIX ? new FileAttribute<?>[] {PosixFilePermissions.asFileAttribute(FILE)} : new FileAttribute<?>[0];
    }

    /** Makes an existing folder (700) or file (600) owner-only; does nothing if it does not exist. */
    public static void restrict(Path path) throws IOException {
        if (POSIX && Files.exists(path)) {
            Files.setPosixFilePermissions(path, Files.isDirectory(path) ? FOLDER : FILE);
        }
    }
}
