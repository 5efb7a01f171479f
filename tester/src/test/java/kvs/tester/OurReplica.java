package kvs.tester;

/** Runs our replica (kvs.replica.Main) from this test's classpath, so tests need no packaged jar. */
final class OurReplica {
    private OurReplica() {}

    static String command() {
        String surefire = System.getProperty("surefire.test.class.path");
        String classpath = surefire != null && !surefire.isBlank() ? surefire : System.getProperty("java.class.path");
        return "exec java -Xms32m -Xmx192m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -Xshare:auto -cp '" + classpath
                + "' kvs.replica.Main";
    }
}
