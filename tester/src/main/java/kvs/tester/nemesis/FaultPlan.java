package kvs.tester.nemesis;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;

/**
 * The nemesis's choices, drawn from the seed alone: which fault comes next, on which replicas, in
 * which shape, after how long a quiet gap and for how long. It depends on nothing measured, so one
 * seed gives one schedule (only the wall-clock moments vary). Faults do not overlap: each one ends
 * before the next starts. A join adds a member that later faults may pick.
 *
 * <p>Timing: with interval I, the quiet gap before a fault is drawn in [0.2 I, 0.5 I] and the fault
 * lasts [0.5 I, 0.8 I], so a fault starts about every I.
 */
public final class FaultPlan {
    /** At most this many joins in a run: each one adds a process for the rest of the run. */
    public static final int JOINS_MAX = 2;

    private final Random random;
    private final List<FaultKind> kinds;
    private final long intervalMillis;
    private final int membersMax;
    private int members;
    private int joins;

    /**
     * @param kinds the faults to draw from (those that need a network already removed on loopback)
     * @param members the replicas at the start
     * @param membersMax no join beyond this many members
     */
    public FaultPlan(long seed, Set<FaultKind> kinds, int members, long intervalMillis, int membersMax) {
        if (intervalMillis < 100) {
            throw new IllegalArgumentException("the nemesis interval must be at least 100 ms");
        }
        this.random = new Random(seed ^ 0x6e656d65736973L);
        this.kinds = new ArrayList<>(new TreeSet<>(kinds));
        this.members = members;
        this.intervalMillis = intervalMillis;
        this.membersMax = membersMax;
    }

    public int members() {
        return members;
    }

    /** The next fault; empty when no fault kind is enabled (or none applies, e.g. a partition of one replica). */
    public java.util.Optional<Fault> next() {
        List<FaultKind> usable = new ArrayList<>();
        for (FaultKind kind : kinds) {
            boolean ok = switch (kind) {
                case PARTITION -> members >= 2;
                case JOIN -> joins < JOINS_MAX && members < membersMax;
                default -> true;
            };
            if (ok) {
                usable.add(kind);
            }
        }
        if (usable.isEmpty()) {
            return java.util.Optional.empty();
        }
        FaultKind kind = usable.get(random.nextInt(usable.size()));
        long gap = Math.round(intervalMillis * (0.2 + 0.3 * random.nextDouble()));
        long hold = Math.round(intervalMillis * (0.5 + 0.3 * random.nextDouble()));
        Fault fault = switch (kind) {
            case KILL, PAUSE, HANG -> single(kind, random.nextInt(members), gap, hold);
            case JOIN -> {
                joins++;
                members++;
                yield single(kind, members - 1, gap, hold);
            }
            case PARTITION -> partition(gap, hold);
        };
        return java.util.Optional.of(fault);
    }

    private static Fault single(FaultKind kind, int target, long gap, long hold) {
        return new Fault(kind, List.of(target), Set.of(), Set.of(), false, "", gap, hold);
    }

    private Fault partition(long gap, long hold) {
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < members; i++) {
            order.add(i);
        }
        Collections.shuffle(order, random);
        List<String> shapes = new ArrayList<>(List.of("isolate", "halves", "one-way"));
        if (members >= 3) {
            shapes.add("bridge");
        }
        String shape = shapes.get(random.nextInt(shapes.size()));
        Set<Integer> side = new TreeSet<>();
        Set<Integer> other = new TreeSet<>();
        switch (shape) {
            case "isolate" -> {
                side.add(order.get(0));
                other.addAll(order.subList(1, members));
            }
            case "halves" -> {
                side.addAll(order.subList(0, members / 2));
                other.addAll(order.subList(members / 2, members));
            }
            case "bridge" -> {
                // order[0] is the bridge: in neither side, so it still talks to both
                int split = 1 + 1 + random.nextInt(members - 2);
                side.addAll(order.subList(1, split));
                other.addAll(order.subList(split, members));
            }
            default -> {
                int split = 1 + random.nextInt(members - 1);
                side.addAll(order.subList(0, split));
                other.addAll(order.subList(split, members));
            }
        }
        List<Integer> targets = new ArrayList<>(side);
        targets.addAll(other);
        if (shape.equals("bridge")) {
            targets.add(order.get(0));
        }
        return new Fault(FaultKind.PARTITION, targets, side, other, shape.equals("one-way"), shape, gap, hold);
    }
}
