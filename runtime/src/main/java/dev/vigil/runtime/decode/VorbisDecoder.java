package dev.vigil.runtime.decode;

import com.jcraft.jogg.Packet;
import com.jcraft.jogg.Page;
import com.jcraft.jogg.StreamState;
import com.jcraft.jogg.SyncState;
import com.jcraft.jorbis.Block;
import com.jcraft.jorbis.Comment;
import com.jcraft.jorbis.DspState;
import com.jcraft.jorbis.Info;
import dev.vigil.runtime.decode.AudioInputException.Problem;
import java.io.IOException;

/**
 * Ogg Vorbis through JOrbis' low-level API ({@code com.jcraft.jogg}, {@code com.jcraft.jorbis}).
 * Every link of a chained stream is decoded (links must agree on rate and channels); pages of other
 * multiplexed streams are ignored; each link's end is trimmed to the granule position of its last
 * page. A stream that stops without its end-of-stream page is TRUNCATED.
 */
final class VorbisDecoder extends BlockPcmStream {
  private static final int READ = 8192;
  private static final int BLOCK = 4096;
  private static final int MAX_SYNC_LOSSES = 16;

  private final ByteInput in;
  private final SyncState oy = new SyncState();
  private final Page og = new Page();
  private final Packet op = new Packet();
  private final float[][][] pcm = new float[1][][];
  private final int[] index;
  private final int channels;
  private final int rate;
  private StreamState os;
  private Info vi;
  private DspState vd;
  private Block vb;
  private int serial;
  private boolean eosSeen;
  private long eosGranule = -1;
  private long linkOut;
  private int syncLosses;
  private int links;

  VorbisDecoder(String source, Deadline deadline, ByteInput in) throws IOException {
    super(source, deadline);
    this.in = in;
    oy.init();
    try {
      if (!nextPage()) {
        throw new AudioInputException(source, Problem.TRUNCATED, "truncated header: no Ogg page");
      }
      startLink();
    } catch (AudioInputException e) {
      throw e;
    } catch (IOException | RuntimeException | StackOverflowError | OutOfMemoryError e) {
      throw translate(e);
    }
    channels = vi.channels;
    rate = vi.rate;
    index = new int[channels];
    block = new float[channels][BLOCK];
    setInfo(new AudioInfo("vorbis", "ogg", rate, channels, -1));
  }

  @Override
  protected String codecLabel() {
    return "Vorbis";
  }

  /** Reads the three Vorbis headers of the link whose first page is in {@link #og}. */
  private void startLink() throws IOException {
    if (og.bos() == 0) {
      throw new AudioInputException(
          source, Problem.MALFORMED, "Ogg link does not begin with a beginning-of-stream page");
    }
    serial = og.serialno();
    os = new StreamState();
    os.init(serial);
    vi = new Info();
    vi.init();
    Comment vc = new Comment();
    vc.init();
    os.pagein(og);
    int headers = 0;
    while (headers < 3) {
      int r = os.packetout(op);
      if (r == 0) {
        if (!nextPage()) {
          throw new AudioInputException(
              source, Problem.TRUNCATED, "truncated header: the Vorbis headers are incomplete");
        }
        if (og.serialno() == serial) {
          os.pagein(og);
        }
        continue;
      }
      if (r > 0 && headers == 1 && !commentsFit(op)) {
        throw new AudioInputException(
            source, Problem.MALFORMED, "corrupt Vorbis comment header (lengths exceed the packet)");
      }
      String setup =
          r > 0 && headers == 2
              ? VorbisSetupCheck.check(op.packet_base, op.packet, op.bytes)
              : null;
      if (setup != null) {
        throw new AudioInputException(
            source, Problem.MALFORMED, "corrupt Vorbis setup header: " + setup);
      }
      if (r < 0 || vi.synthesis_headerin(vc, op) < 0) {
        throw new AudioInputException(
            source,
            links == 0 ? Problem.MALFORMED : Problem.UNSUPPORTED_FORMAT,
            links == 0
                ? "corrupt Vorbis header"
                : "link " + (links + 1) + " of the chained Ogg stream is not Vorbis");
      }
      headers++;
    }
    if (vi.channels < 1
        || vi.channels > WavHeader.MAX_CHANNELS
        || vi.rate <= 0
        || vi.rate > WavHeader.MAX_RATE) {
      throw new AudioInputException(
          source,
          Problem.INVALID_FORMAT,
          "Vorbis header declares " + vi.channels + " channels, " + vi.rate + " Hz");
    }
    if (links > 0 && (vi.channels != channels || vi.rate != rate)) {
      throw new AudioInputException(
          source,
          Problem.UNSUPPORTED_FORMAT,
          "chained Ogg stream changes from "
              + rate
              + " Hz, "
              + channels
              + " channels to "
              + vi.rate
              + " Hz, "
              + vi.channels
              + " channels");
    }
    vd = new DspState();
    vd.synthesis_init(vi);
    vb = new Block(vd);
    eosSeen = false;
    eosGranule = -1;
    linkOut = 0;
    links++;
  }

  /**
   * JOrbis allocates an array from the comment count before reading the comments: check every count
   * and length against the packet first.
   */
  private static boolean commentsFit(Packet p) {
    byte[] b = p.packet_base;
    int start = p.packet;
    int end = Math.min(b.length, p.packet + p.bytes);
    if (p.bytes < 7 || b[start] != 3) {
      return true; // not a comment header: JOrbis refuses it itself
    }
    long q = start + 7L;
    long vendor = le32(b, q, end);
    if (vendor < 0 || vendor > end - q - 4) {
      return false;
    }
    q += 4 + vendor;
    long count = le32(b, q, end);
    if (count < 0 || count > (end - q - 4) / 4) {
      return false;
    }
    q += 4;
    for (long i = 0; i < count; i++) {
      long len = le32(b, q, end);
      if (len < 0 || len > end - q - 4) {
        return false;
      }
      q += 4 + len;
    }
    return true;
  }

  /** Little-endian uint32 at {@code q}, or -1 when it does not fit before {@code end}. */
  private static long le32(byte[] b, long q, int end) {
    if (q + 4 > end) {
      return -1;
    }
    int i = (int) q;
    return (b[i] & 0xffL)
        | (b[i + 1] & 0xffL) << 8
        | (b[i + 2] & 0xffL) << 16
        | (b[i + 3] & 0xffL) << 24;
  }

  private boolean nextPage() throws IOException {
    while (true) {
      int r = oy.pageout(og);
      if (r == 1) {
        return true;
      }
      if (r < 0) {
        if (++syncLosses > MAX_SYNC_LOSSES) {
          throw new AudioInputException(
              source, Problem.MALFORMED, "Ogg page sync lost " + syncLosses + " times");
        }
        continue;
      }
      int off = oy.buffer(READ);
      int n = in.read(oy.data, off, READ);
      if (n <= 0) {
        return false;
      }
      oy.wrote(n);
    }
  }

  @Override
  protected boolean fill() throws IOException {
    while (true) {
      int avail = vd.synthesis_pcmout(pcm, index);
      if (avail > 0) {
        int n = Math.min(avail, BLOCK);
        int keep = n;
        if (eosGranule >= 0) {
          keep = (int) Math.max(0, Math.min(n, eosGranule - linkOut));
        }
        float[][] p = pcm[0];
        for (int c = 0; c < channels; c++) {
          System.arraycopy(p[c], index[c], block[c], 0, keep);
        }
        vd.synthesis_read(n);
        linkOut += keep;
        if (keep > 0) {
          blockLen = keep;
          return true;
        }
        continue;
      }
      int r = os.packetout(op);
      if (r == 1) {
        if (vb.synthesis(op) == 0) {
          vd.synthesis_blockin(vb);
        }
        continue;
      }
      if (r < 0) {
        throw new AudioInputException(
            source, Problem.MALFORMED, "Ogg Vorbis data has a gap after sample " + framesOut());
      }
      if (!nextPage()) {
        if (!eosSeen) {
          throw new AudioInputException(
              source,
              Problem.TRUNCATED,
              "Ogg stream ends without its end-of-stream page (cut after sample "
                  + framesOut()
                  + ")");
        }
        return false;
      }
      if (og.serialno() == serial && !eosSeen) {
        os.pagein(og);
        if (og.eos() != 0) {
          eosSeen = true;
          eosGranule = og.granulepos();
        }
      } else if (eosSeen && og.bos() != 0) {
        startLink();
      }
    }
  }

  @Override
  protected void release() throws IOException {
    oy.clear();
    in.close();
  }
}
