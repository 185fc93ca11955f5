// The CLI tests mostly wait on `custody` child processes, so more of them run at once than there are cores.
[assembly: CollectionBehavior(MaxParallelThreads = 4)]
