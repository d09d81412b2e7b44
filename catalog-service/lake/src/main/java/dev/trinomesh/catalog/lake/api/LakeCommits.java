package dev.trinomesh.catalog.lake.api;

import dev.trinomesh.api.model.LakeCommit;
import dev.trinomesh.catalog.core.cluster.FeedFollower;
import org.apache.iceberg.catalog.TableIdentifier;

import java.util.List;
import java.util.Map;

/**
 * What happens in the lake: the commits that added data, in the order of the commit log (which every replica's
 * commits go to), and the newest data of each table. Areas that act on commits follow the log with a
 * {@link dev.trinomesh.catalog.core.cluster.FeedFollower}, so that one replica acts on each commit.
 */
public interface LakeCommits
        extends FeedFollower.Log<DataCommit>
{
    /** Accepted commits that added a snapshot, after {@code position} in the commit log, oldest first. */
    List<DataCommit> dataCommitsAfter(long position, int limit);

    /** The position of the newest commit in the log; 0 when it is empty. */
    long newestPosition();

    @Override
    default List<DataCommit> after(long position, int limit)
    {
        return dataCommitsAfter(position, limit);
    }

    @Override
    default long newest()
    {
        return newestPosition();
    }

    /** The newest accepted commit that added data, of every table that has one. */
    Map<TableIdentifier, LakeCommit> latestSnapshots();
}
