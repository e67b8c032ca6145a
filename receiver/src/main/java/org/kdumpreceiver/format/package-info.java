/**
 * What a stored dump file is, and whether it arrived whole, judged in one streaming pass.
 *
 * <p>{@link org.kdumpreceiver.format.FormatProbe} is fed the plaintext as it is written and returns a
 * {@link org.kdumpreceiver.format.FormatVerdict}: a layer path ({@code format}), a
 * {@link org.kdumpreceiver.format.Verdict} and, unless complete, a reason token. Clients never say
 * whether their upload succeeded (Debian without pipefail even renames a failed makedumpfile stream to
 * its final name), so the content is the only evidence. The probe keeps a few KiB of header state; it
 * never buffers the dump or reads it twice.
 *
 * <h2>Formats ({@code format} path components)</h2>
 * <dl>
 * <dt>{@code flattened}</dt>
 * <dd>makedumpfile {@code -F}: 4096-byte header starting {@code makedumpfile\0} with big-endian type 1,
 * then big-endian {int64 offset, int64 size} record headers, each followed by its payload, then the end
 * marker {-1, -1}, written only after the whole dump succeeded. Checked: the forward walk of records
 * lands exactly on the end marker at end of stream. Record rules follow {@code makedumpfile -R} 1.7.2:
 * the first record is always taken as data; later records need offset &ge; 0 and size &gt; 0; anything
 * else that is not the end marker is a bad record. The records that cover the inner file's first 464
 * bytes are overlaid (last write wins) to name the inner format, the next path component:
 * {@code flattened/kdump-compressed} or {@code flattened/elf} ({@code flattened} alone if neither), and
 * to read its incomplete flag. A kdump-compressed inner file is also checked for page coverage from the
 * records as they pass, in any order and with any range rewritten (last write wins), since a write log
 * recorded by the NFS endpoint gets its end marker from the receiver, not from makedumpfile
 * ({@link org.kdumpreceiver.format.KdumpCoverage}): the header, sub-header and the used part of both
 * bitmaps (one bit per pfn below max_mapnr) written; N = popcount(bitmap 2) descriptor slots written,
 * each with a non-zero offset and size (an all-zero slot, or the zeros an NFS client writes around the
 * part of a page it changed, count as unwritten until overwritten); every range a descriptor points at,
 * and eraseinfo, written. Memory stays bounded: merged interval sets of written and referenced ranges
 * (at most 4096 disjoint ranges each), bitmap 2 counted per 4 KiB granule with the last 16 granules'
 * bytes kept for partial rewrites, and at most 1 MiB of bytes past the descriptor table's start held
 * until N says whether they are descriptors or page data. Ranges written as zeros by an NFS client's
 * page widening count as written: a cut inside the last page of a region is not seen.</dd>
 * <dt>{@code kdump-compressed}</dt>
 * <dd>A regular {@code KDUMP   } (or old {@code DISKDUMP}) file, read front to back: the header gives the
 * block size and the sub-header and bitmap sizes; N = popcount(bitmap 2) page descriptors of 24 bytes
 * follow. Checked: header status bit 0x8 (DUMP_DH_COMPRESSED_INCOMPLETE, set by makedumpfile on ENOSPC)
 * clear; every descriptor written (offset &ne; 0); the file reaches max(offset + size) over all
 * descriptors and the end of eraseinfo (header version &ge; 5). Byte order comes from header_version
 * being 1..6. Only the 64-bit header layout is decoded (recognised by the zero padding before the
 * 8-aligned timestamp); a 32-bit layout is reported as unknown rather than misread.</dd>
 * <dt>{@code elf}</dt>
 * <dd>An ELF core ({@code /proc/vmcore} copied raw, or {@code makedumpfile -E}), 32/64-bit, either byte
 * order. Checked: e_type is ET_CORE; e_flags bit 0x1 (DUMP_ELF_INCOMPLETE) clear; the file reaches
 * max(p_offset + p_filesz) over PT_LOAD headers, which are parsed as they stream past.</dd>
 * <dt>{@code gzip}, {@code bzip2}, {@code xz}, {@code lz4}, {@code zstd}</dt>
 * <dd>Compressed layers (kdump-tools' KDUMP_COMPRESSION; lz4 frame and legacy). The compressed bytes go
 * through a 256 KiB pipe to a thread that decompresses them (concatenated streams accepted) into a
 * nested probe; the writer blocks when the pipe is full. A whole wrapper reports its content's verdict
 * under its own name, e.g. {@code gzip/flattened/kdump-compressed}; a cut one reports
 * {@code wrapper-stream-cut}. Call {@link org.kdumpreceiver.format.FormatProbe#close()} to stop the thread
 * of an abandoned stream.</dd>
 * <dt>{@code text}</dt>
 * <dd>dmesg files: the first 512 bytes (or all of a shorter file) are printable UTF-8 with newlines,
 * tabs or carriage returns. Checked: the file ends with a newline.</dd>
 * <dt>{@code empty}</dt><dd>Zero bytes.</dd>
 * <dt>{@code unknown}</dt><dd>Anything else; nothing is checked.</dd>
 * </dl>
 *
 * <h2>Reasons</h2>
 *
 * <p>{@link org.kdumpreceiver.format.VerdictReason} is the one vocabulary of reasons a stored file is not
 * complete, and this list its specification: the content's reasons below come from the probe; the store's and
 * the front ends' follow them. The manifest records the token; the {@code reason} label of
 * {@code kdump_receiver_truncated_dumps_total} is derived from the enum.
 *
 * <h3>The content's</h3>
 * <dl>
 * <dt>{@code no-end-marker}</dt><dd>Flattened stream that ends before its end marker (inside the header,
 * a record header or a payload): makedumpfile did not finish, or the transfer was cut.</dd>
 * <dt>{@code data-after-end-marker}</dt><dd>Bytes follow the flattened end marker; not something
 * makedumpfile writes, so the file is not what it produced.</dd>
 * <dt>{@code bad-record}</dt><dd>Flattened header with the wrong type, or a record that
 * {@code makedumpfile -R} rejects (negative size other than the end marker, zero size after the first
 * record, negative offset, an end marker as the very first record).</dd>
 * <dt>{@code incomplete-flag}</dt><dd>makedumpfile marked the dump incomplete itself (kdump status 0x8,
 * ELF e_flags 0x1), typically after ENOSPC on the capture side; also read through a flattened stream.</dd>
 * <dt>{@code short-of-page-data}</dt><dd>kdump-compressed file that ends before its header, bitmaps,
 * descriptor array, the last page a descriptor points to, or eraseinfo.</dd>
 * <dt>{@code unwritten-page-descriptor}</dt><dd>A page descriptor is still zero: makedumpfile reserved
 * the array but never filled that slot; crash reports such pages as PAGE_INCOMPLETE. Through a flattened
 * stream also: a slot no record wrote, or whose last content has size 0.</dd>
 * <dt>{@code unwritten-page-data}</dt><dd>Flattened stream whose kdump-compressed file has a descriptor
 * (or eraseinfo) pointing at bytes no record wrote: a write log that skipped a range, or whose last
 * writes never came before the receiver ended it.</dd>
 * <dt>{@code unwritten-header-or-bitmap}</dt><dd>Flattened stream whose kdump-compressed file lacks part
 * of its header, sub-header, or the used part of a bitmap.</dd>
 * <dt>{@code page-coverage-unchecked}</dt><dd>Verdict unknown: a flattened stream ended properly with a
 * kdump-compressed file inside, but its page coverage could not be followed within the memory bounds
 * (more than 4096 disjoint written or referenced ranges at once, a partial rewrite of bitmap 2 bytes no
 * longer kept, a guess about which bytes are descriptors that N proved wrong after bytes were dropped,
 * the header's layout changed). Nothing says it is cut, nothing proves it whole.</dd>
 * <dt>{@code short-of-pt-load-extent}</dt><dd>ELF core that ends before its headers or before the end of
 * some PT_LOAD's file image.</dd>
 * <dt>{@code wrapper-stream-cut}</dt><dd>The decompressor ran out of input before its stream ended: the
 * compressed file was cut. The path names whatever was recognised inside so far.</dd>
 * <dt>{@code wrapper-stream-corrupt}</dt><dd>The decompressor rejected the data before reaching the end
 * of input (corruption rather than a cut; verdict truncated, since the content cannot be whole).</dd>
 * <dt>{@code no-final-newline}</dt><dd>Text that does not end with a newline: its writer was cut off
 * mid-line.</dd>
 * <dt>{@code empty}</dt><dd>Nothing was received (verdict truncated: every client sends something).</dd>
 * <dt>{@code unrecognised-content}</dt><dd>Verdict unknown: no format matched, so completeness cannot be
 * judged.</dd>
 * <dt>{@code unsupported-layout}</dt><dd>Verdict unknown: a recognised format in a layout the probe does
 * not decode (32-bit kdump-compressed header, ELF with PN_XNUM program headers or headers overlapping
 * the ELF header).</dd>
 * <dt>{@code not-a-core-file}</dt><dd>Verdict unknown: ELF, but not ET_CORE.</dd>
 * <dt>{@code probe-failed}</dt><dd>Verdict unknown: the probe itself failed (a bug); the file is kept as
 * received.</dd>
 * </dl>
 *
 * <h3>The store's</h3>
 * <p>The store stopped writing the file; what reached the disk is kept (see {@code docs/store.md}).
 * {@code export} expects these files may lack their sealed stream's last chunk.
 * <dl>
 * <dt>{@code receiver-restart}</dt><dd>The receiver died while writing; found and kept at the next start.</dd>
 * <dt>{@code storage-full}</dt><dd>The disk filled up.</dd>
 * <dt>{@code storage-error}</dt><dd>Any other I/O error of the storage.</dd>
 * <dt>{@code file-too-large}</dt><dd>The file passed {@code limits.max_file_size}; its first bytes are sealed
 * properly.</dd>
 * </dl>
 *
 * <h3>The front ends'</h3>
 * <p>The transfer ended before the client finished it, whatever the content looks like; what arrived is
 * sealed properly.
 * <dl>
 * <dt>{@code connection-lost}</dt><dd>The client's SSH connection or channel closed mid-file.</dd>
 * <dt>{@code receiver-stopped}</dt><dd>The daemon stopped while the file was arriving.</dd>
 * <dt>{@code protocol-error}</dt><dd>A legacy scp file whose end was not acknowledged with the protocol's
 * zero byte.</dd>
 * <dt>{@code idle-timeout}</dt><dd>An NFS {@code *-incomplete} file never renamed and idle for 30 minutes.</dd>
 * <dt>{@code nfs-out-of-sequence}</dt><dd>An NFS client's own flattened stream was rewritten out of order; that
 * segment ends here and the rest goes to an overlay (docs/nfs.md).</dd>
 * <dt>{@code removed-by-client}</dt><dd>The NFS client removed its unfinished file (kept aside).</dd>
 * <dt>{@code replaced-by-client}</dt><dd>The NFS client truncated or renamed over its unfinished file (kept
 * aside).</dd>
 * <dt>{@code import-read-error}</dt><dd>{@code import} could not read the source file to its end.</dd>
 * </dl>
 *
 * <p>{@link org.kdumpreceiver.format.FlattenedRebuild} turns a flattened stream into the regular file
 * {@code makedumpfile -R} makes, but refuses (with
 * {@link org.kdumpreceiver.format.TruncatedDumpException}) a stream without its end marker instead of
 * waiting 600 s for more input as makedumpfile does.
 */
package org.kdumpreceiver.format;
