package kvs.sim.world;

import java.util.List;

import kvs.core.clock.VectorClock;
import kvs.core.replica.ClientOp;
import kvs.core.replica.Effect;
import kvs.core.replica.Input;
import kvs.core.replica.Message;
import kvs.core.replica.Reply;
import kvs.core.replica.ValueText;
import kvs.core.replica.Version;

/** Compact, deterministic one-line renderings of inputs, effects and messages, for the trace. */
final class Describe {
    private Describe() {}

    static String input(Input input) {
        if (input instanceof Input.Start) return "Start";
        if (input instanceof Input.Tick) return "Tick";
        if (input instanceof Input.ClientRequest r) return "client#" + r.requestId() + " " + clientOp(r.op());
        if (input instanceof Input.PeerRequest r) return "req#" + r.requestId() + " from " + r.from() + " " + message(r.message());
        if (input instanceof Input.CallSucceeded r) return "ok call#" + r.callId() + " " + message(r.answer());
        if (input instanceof Input.CallFailed r) return "failed call#" + r.callId() + " " + r.reason();
        return input.toString();
    }

    static String effect(Effect effect) {
        if (effect instanceof Effect.ClientReply r) return "client#" + r.requestId() + " " + reply(r.reply());
        if (effect instanceof Effect.PeerReply r) return "req#" + r.requestId() + " " + message(r.message());
        if (effect instanceof Effect.Call c) return "call#" + c.callId() + " to " + c.peer() + " " + message(c.message());
        if (effect instanceof Effect.Log l) return "log: " + l.line();
        return effect.toString();
    }

    static String clientOp(ClientOp op) {
        if (op instanceof ClientOp.Put p) return "PUT " + p.key() + "=" + p.value().map(ValueText::text).orElse("null") + " " + clock(p.metadata());
        if (op instanceof ClientOp.Get g) return "GET " + g.key() + " " + clock(g.metadata());
        if (op instanceof ClientOp.Delete d) return "DELETE " + d.key() + " " + clock(d.metadata());
        if (op instanceof ClientOp.ViewDelete d) return "DELETE /view " + d.address();
        if (op instanceof ClientOp.ViewPut p) return "PUT /view " + p.address();
        return "GET /view";
    }

    static String reply(Reply reply) {
        if (reply instanceof Reply.Found f) return "200 found " + f.valueJson() + " " + clock(f.metadata());
        if (reply instanceof Reply.Result r) return r.status() + " " + r.result() + r.metadata().map(m -> " " + clock(m)).orElse("");
        if (reply instanceof Reply.Error e) return e.status() + " " + e.message() + e.metadata().map(m -> " " + clock(m)).orElse("");
        if (reply instanceof Reply.ViewList v) return "200 view " + v.view();
        return reply.toString();
    }

    static String message(Message m) {
        if (m instanceof Message.Replicate r) return "Replicate " + r.origin() + " " + writes(r.writes());
        if (m instanceof Message.ReplicateAck a) return "ReplicateAck " + a.origin() + " through " + a.acceptedThrough();
        if (m instanceof Message.SyncRequest s) return "SyncRequest " + clock(s.applied());
        if (m instanceof Message.SyncReply s) {
            return "SyncReply " + (s.complete() ? "" : "INCOMPLETE ") + writes(s.versions()) + " applied " + clock(s.applied());
        }
        if (m instanceof Message.SyncPage p) return "SyncPage " + clock(p.applied()) + " " + cursor(p.cursor());
        if (m instanceof Message.SyncPageReply p) {
            return "SyncPageReply " + writes(p.versions()) + (p.last() ? " LAST applied " + clock(p.applied())
                    : " next " + cursor(p.next()));
        }
        if (m instanceof Message.ViewAdd a) return "ViewAdd " + a.address();
        if (m instanceof Message.ViewRemove r) return "ViewRemove " + r.address();
        if (m instanceof Message.Ack) return "Ack";
        if (m instanceof Message.Ping) return "Ping";
        if (m instanceof Message.Pong) return "Pong";
        if (m instanceof Message.Refused r) return "Refused " + r.reason().wire() + ": " + r.detail();
        return m.toString();
    }

    private static String writes(List<Version> writes) {
        if (writes.isEmpty()) return "[]";
        StringBuilder sb = new StringBuilder("[");
        int shown = 0;
        for (Version v : writes) {
            if (shown == 4) {
                sb.append(" +").append(writes.size() - shown).append(" more");
                break;
            }
            if (shown > 0) sb.append(' ');
            sb.append(v.id()).append(' ').append(v.key()).append('=').append(v.tombstone() ? "DEL" : v.valueJson());
            shown++;
        }
        return sb.append(']').toString();
    }

    /** {@code s} with control characters and lone surrogates written as {@code \\uXXXX}, so that it prints as UTF-8. */
    static String printable(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                sb.append(c).append(s.charAt(++i));
            } else if (c < 0x20 || Character.isSurrogate(c)) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }

    static String clock(VectorClock clock) {
        return clock.toString();
    }

    /** Metadata as the history's JSON object text: {@code {"writer":count,...}}, sorted by writer. */
    static String metadataJson(VectorClock clock) {
        if (clock.isEmpty()) return "{}";
        StringBuilder sb = new StringBuilder(16 + 24 * clock.size()).append('{');
        for (int i = 0; i < clock.size(); i++) { // entries are sorted by writer id, as toMap() orders them
            if (i > 0) sb.append(',');
            jsonString(sb, clock.id(i));
            sb.append(':').append(clock.count(i));
        }
        return sb.append('}').toString();
    }

    static void jsonString(StringBuilder sb, String s) {
        sb.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') sb.append('\\').append(c);
            else if (c < 0x20) sb.append(String.format("\\u%04x", (int) c));
            else sb.append(c);
        }
        sb.append('"');
    }

    private static String cursor(Message.SyncCursor c) {
        return "cursor(after " + (c.atStart() ? "start" : c.afterKey()) + ", pass " + clock(c.passStart()) + ", base "
                + clock(c.base()) + ")";
    }
}
