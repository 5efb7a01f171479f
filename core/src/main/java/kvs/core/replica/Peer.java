package kvs.core.replica;

/**
 * What a replica knows about one other address, in its view or probed: the link epochs (see
 * {@link LinkStamp}).
 */
final class Peer {
    /** This replica's link epoch for the address; set anew at every drop and every admission. */
    long epoch;
    /** The newest stamp accepted from the address: its incarnation and its link epoch for us. */
    long heardIncarnation;
    long heardEpoch;

    Peer(long epoch) {
        this.epoch = epoch;
    }

    /** Takes a stamp's sender part when it is newer than what was heard. */
    void hear(LinkStamp stamp) {
        if (stamp.olderThan(heardIncarnation, heardEpoch)) return;
        heardIncarnation = stamp.incarnation();
        heardEpoch = stamp.epoch();
    }
}
