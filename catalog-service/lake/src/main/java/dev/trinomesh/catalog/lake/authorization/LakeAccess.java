package dev.trinomesh.catalog.lake.authorization;

import dev.trinomesh.api.governance.CompiledGovernance;
import dev.trinomesh.api.governance.GovernedProduct;
import dev.trinomesh.api.governance.Subject;
import org.apache.iceberg.catalog.Namespace;
import org.apache.iceberg.catalog.TableIdentifier;
import org.apache.iceberg.exceptions.ForbiddenException;
import org.apache.iceberg.exceptions.NoSuchNamespaceException;
import org.apache.iceberg.exceptions.NoSuchTableException;
import org.apache.iceberg.exceptions.NoSuchViewException;

import java.util.Optional;

import static java.util.Objects.requireNonNull;

/**
 * One caller's rights in the lake, decided on one governance snapshot. Trino and governance admins may do everything.
 * A person's engine may load, create, commit, alter, drop, register and rename only in the lake namespaces of products
 * the person owns. Anything else is "not found", worded exactly as for what does not exist, so that nothing is learnt
 * about it, unless the person may read the product through Trino's mesh catalog: then it is forbidden, with the
 * advice to read it there, where the product's row filters and column masks apply. Listings show what may be loaded.
 */
public final class LakeAccess
{
    private enum Reach
    {
        /** May load and change it. */
        OWNED,
        /** May see the product (read one of its datasets through Trino), and nothing here: forbidden. */
        READABLE,
        /** Not found, as if it did not exist. */
        HIDDEN
    }

    private final String user;
    private final boolean trino;
    private final boolean unrestricted;
    private final Optional<CompiledGovernance> governance;
    private final Optional<Subject> subject;

    private LakeAccess(String user, boolean trino, boolean unrestricted, Optional<CompiledGovernance> governance, Optional<Subject> subject)
    {
        this.user = requireNonNull(user, "user is null");
        this.trino = trino;
        this.unrestricted = unrestricted;
        this.governance = requireNonNull(governance, "governance is null");
        this.subject = requireNonNull(subject, "subject is null");
    }

    static LakeAccess trino(String user)
    {
        return new LakeAccess(user, true, true, Optional.empty(), Optional.empty());
    }

    static LakeAccess admin(String user)
    {
        return new LakeAccess(user, false, true, Optional.empty(), Optional.empty());
    }

    static LakeAccess person(String user, CompiledGovernance governance, Subject subject)
    {
        return new LakeAccess(user, false, false, Optional.of(governance), Optional.of(subject));
    }

    public String user()
    {
        return user;
    }

    /** Trino's principal: it keeps its own storage keys, so its responses carry no storage settings. */
    public boolean isTrino()
    {
        return trino;
    }

    /** Trino and governance admins, who may do everything. */
    public boolean isUnrestricted()
    {
        return unrestricted;
    }

    /** Whether the caller may load what the namespace holds (listings show only such namespaces). */
    public boolean mayLoad(Namespace namespace)
    {
        return reach(namespace).reach() == Reach.OWNED;
    }

    /** Whether the caller may create, change and drop what the namespace holds. */
    public boolean mayChange(Namespace namespace)
    {
        return reach(namespace).reach() == Reach.OWNED;
    }

    /** Loading a namespace, checking it exists, listing its tables, views or children. */
    public void checkLoadNamespace(Namespace namespace)
    {
        Decision decision = reach(namespace);
        switch (decision.reach()) {
            case OWNED -> {}
            case READABLE -> throw new ForbiddenException("%s", readThroughTrino("Namespace " + namespace, decision.product()));
            case HIDDEN -> throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
        }
    }

    /** Dropping a namespace or changing its properties. */
    public void checkChangeNamespace(Namespace namespace)
    {
        Decision decision = reach(namespace);
        switch (decision.reach()) {
            case OWNED -> {}
            case READABLE -> throw new ForbiddenException("%s", onlyOwnersChange("Namespace " + namespace, decision.product()));
            case HIDDEN -> throw new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
        }
    }

    /** Creating a namespace: only that of a product the caller owns. Whether it exists is not told. */
    public void checkCreateNamespace(Namespace namespace)
    {
        Decision decision = reach(namespace);
        switch (decision.reach()) {
            case OWNED -> {}
            case READABLE -> throw new ForbiddenException("%s", onlyOwnersChange("Namespace " + namespace, decision.product()));
            case HIDDEN -> throw new ForbiddenException(
                    "%s may create only the lake namespace of a data product they own (its spec.lake.namespace, by default the product's name), and %s is not one: "
                            + "register the product first (./mesh apply), then create its namespace",
                    user, namespace);
        }
    }

    /** Loading a table, checking it exists, reporting its metrics. */
    public void checkLoadTable(TableIdentifier table)
    {
        Decision decision = reach(table.namespace());
        switch (decision.reach()) {
            case OWNED -> {}
            case READABLE -> throw new ForbiddenException("%s", readThroughTrino("Table " + table, decision.product()));
            case HIDDEN -> throw new NoSuchTableException("Table does not exist: %s", table);
        }
    }

    /** Committing to a table, dropping it, renaming it away. */
    public void checkChangeTable(TableIdentifier table)
    {
        Decision decision = reach(table.namespace());
        switch (decision.reach()) {
            case OWNED -> {}
            case READABLE -> throw new ForbiddenException("%s", onlyOwnersChange("Table " + table, decision.product()));
            case HIDDEN -> throw new NoSuchTableException("Table does not exist: %s", table);
        }
    }

    /** Loading a view or checking it exists. */
    public void checkLoadView(TableIdentifier view)
    {
        Decision decision = reach(view.namespace());
        switch (decision.reach()) {
            case OWNED -> {}
            case READABLE -> throw new ForbiddenException("%s", readThroughTrino("View " + view, decision.product()));
            case HIDDEN -> throw new NoSuchViewException("View does not exist: %s", view);
        }
    }

    /** Replacing a view, dropping it, renaming it away. */
    public void checkChangeView(TableIdentifier view)
    {
        Decision decision = reach(view.namespace());
        switch (decision.reach()) {
            case OWNED -> {}
            case READABLE -> throw new ForbiddenException("%s", onlyOwnersChange("View " + view, decision.product()));
            case HIDDEN -> throw new NoSuchViewException("View does not exist: %s", view);
        }
    }

    /**
     * Creating or registering a table in a namespace. A hidden namespace is answered as the catalog answers one that
     * does not exist.
     */
    public void checkCreateTableIn(Namespace namespace)
    {
        checkCreateIn(namespace, true);
    }

    /** Creating a view in a namespace, or renaming a table or view into it. */
    public void checkCreateIn(Namespace namespace)
    {
        checkCreateIn(namespace, false);
    }

    private void checkCreateIn(Namespace namespace, boolean table)
    {
        Decision decision = reach(namespace);
        switch (decision.reach()) {
            case OWNED -> {}
            case READABLE -> throw new ForbiddenException("%s", onlyOwnersChange("Namespace " + namespace, decision.product()));
            // As the catalog words it for a namespace that does not exist: creating a table says what to do.
            case HIDDEN -> throw table
                    ? new NoSuchNamespaceException("Namespace does not exist: %s (create it first)", namespace)
                    : new NoSuchNamespaceException("Namespace does not exist: %s", namespace);
        }
    }

    private record Decision(Reach reach, Optional<GovernedProduct> product)
    {
        static final Decision OWNED = new Decision(Reach.OWNED, Optional.empty());
        static final Decision HIDDEN = new Decision(Reach.HIDDEN, Optional.empty());
    }

    /**
     * As the access control decides the lake for Trino's users: a namespace belongs to the product that names it
     * ({@code spec.lake.namespace}); its owners may use it. Whoever may read one of its datasets in the mesh catalog
     * (once it is served there) may know it exists. Nested namespaces belong to no product.
     */
    private Decision reach(Namespace namespace)
    {
        if (unrestricted) {
            return Decision.OWNED;
        }
        if (namespace.length() != 1) {
            return Decision.HIDDEN;
        }
        CompiledGovernance current = governance.orElseThrow();
        Subject person = subject.orElseThrow();
        Optional<GovernedProduct> owner = current.namespaceOwner(namespace.level(0));
        if (owner.isEmpty()) {
            return Decision.HIDDEN;
        }
        GovernedProduct product = owner.orElseThrow();
        if (current.owns(person, product)) {
            return Decision.OWNED;
        }
        if (current.canReadAny(person, product)) {
            return new Decision(Reach.READABLE, owner);
        }
        return Decision.HIDDEN;
    }

    private static String readThroughTrino(String what, Optional<GovernedProduct> product)
    {
        GovernedProduct readable = product.orElseThrow();
        return ("%s holds data of product '%s', which you may read only through Trino, where its row filters and column masks apply: %s. "
                + "Engines other than Trino may load only the tables of products you own.")
                .formatted(what, readable.name(), whereToRead(readable));
    }

    private static String whereToRead(GovernedProduct product)
    {
        return product.served()
                ? "query its datasets in the mesh catalog's schema " + product.name()
                : "once it is published, query its datasets in the mesh catalog's schema " + product.name();
    }

    private static String onlyOwnersChange(String what, Optional<GovernedProduct> product)
    {
        GovernedProduct readable = product.orElseThrow();
        return "%s belongs to product '%s'; only its owner %s may change it. Read its data through Trino: %s."
                .formatted(what, readable.name(), readable.owner(), whereToRead(readable));
    }
}
