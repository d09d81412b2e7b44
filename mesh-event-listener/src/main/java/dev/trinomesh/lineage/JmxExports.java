package dev.trinomesh.lineage;

import io.airlift.log.Logger;

import javax.management.InstanceAlreadyExistsException;
import javax.management.JMException;
import javax.management.MBeanServer;
import javax.management.ObjectName;

import java.lang.management.ManagementFactory;
import java.util.ArrayList;
import java.util.List;

/** Registers the listener's MBeans on the platform MBean server (where Trino's jmx catalog looks) and removes them again. */
final class JmxExports
{
    private static final Logger log = Logger.get(JmxExports.class);
    static final String DOMAIN = "dev.trinomesh.lineage";

    private final MBeanServer server = ManagementFactory.getPlatformMBeanServer();
    private final List<ObjectName> exported = new ArrayList<>();

    static String listenerName()
    {
        return DOMAIN + ":name=" + MeshLineageListenerFactory.NAME;
    }

    static String destinationName(String destination)
    {
        return listenerName() + ",destination=" + destination;
    }

    synchronized void export(String name, Object mbean)
    {
        try {
            ObjectName objectName = new ObjectName(name);
            server.registerMBean(mbean, objectName);
            exported.add(objectName);
        }
        catch (InstanceAlreadyExistsException e) {
            // Only with two listeners in one JVM (tests); the first keeps the name.
            log.warn("%s is already exported by another mesh-lineage listener in this JVM; this listener's counters are not exported", name);
        }
        catch (JMException e) {
            log.warn(e, "could not export %s", name);
        }
    }

    synchronized void unexportAll()
    {
        for (ObjectName name : exported) {
            try {
                server.unregisterMBean(name);
            }
            catch (JMException e) {
                log.debug(e, "could not unexport %s", name);
            }
        }
        exported.clear();
    }
}
