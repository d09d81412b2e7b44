package dev.trinomesh.catalog.registry.api;

/**
 * What a caller may see in the service's answers. One rule everywhere: a person sees a product when they are its owner
 * or its domain's owner (as {@code Ownership} decides writes), or may read any of its datasets (as the mesh access
 * control decides in Trino); governance admins and the Trinos ({@code governance.snapshot-readers}) see everything. A
 * product a person may not see is answered exactly as one that does not exist.
 */
public interface Visibility
{
    /** What {@code user}, as the request proved it, may see: decided on the registry as it is now. */
    Viewer viewer(String user);
}
