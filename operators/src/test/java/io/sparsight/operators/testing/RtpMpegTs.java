package io.sparsight.operators.testing;

import java.io.ByteArrayOutputStream;

/** MPEG-TS over RTP for test servers: RTP packets of payload type 33 carrying up to 7 TS packets each. */
public final class RtpMpegTs {

    /** TS bytes in one RTP packet at most: 7 packets of 188, as senders usually do. */
    public static final int PAYLOAD = 7 * 188;
    private static final int PAYLOAD_TYPE = 33;
    private static final int SSRC = 0x12345678;

    private RtpMpegTs() {}

    /** One RTP packet of {@code length} bytes of {@code ts} from {@code at}; {@code rtpTime} on a 90 kHz clock. */
    public static byte[] packet(int sequence, long rtpTime, byte[] ts, int at, int length) {
        ByteArrayOutputStream packet = new ByteArrayOutputStream(12 + length);
        packet.write(0x80); // version 2
        packet.write(PAYLOAD_TYPE);
        packet.write(sequence >> 8);
        packet.write(sequence);
        for (int shift = 24; shift >= 0; shift -= 8) {
            packet.write((int) (rtpTime >> shift));
        }
        for (int shift = 24; shift >= 0; shift -= 8) {
            packet.write(SSRC >> shift);
        }
        packet.write(ts, at, length);
        return packet.toByteArray();
    }
}
