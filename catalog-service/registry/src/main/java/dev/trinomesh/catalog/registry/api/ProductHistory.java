package dev.trinomesh.catalog.registry.api;

import dev.trinomesh.api.model.DescriptorDiff;
import dev.trinomesh.api.model.RevisionInfo;

import java.util.List;
import java.util.OptionalInt;

/** A product's contract history, for whoever may see the product (the caller checks that first). */
public interface ProductHistory
{
    /** Every revision, oldest first. */
    List<RevisionInfo> history(String product);

    /** The classified changes between two revisions (the previous and the current one when absent). */
    DescriptorDiff diff(String product, OptionalInt fromRevision, OptionalInt toRevision);
}
