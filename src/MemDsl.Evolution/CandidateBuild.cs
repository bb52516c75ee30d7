namespace MemDsl.Evolution;

/// <summary>How the meta-search turns a candidate spec into a pipeline.</summary>
public enum CandidateBuild
{
    /// <summary>The interpreted runtime builds the pipeline from the spec: no compilation, fastest per candidate.</summary>
    Interpreted,

    /// <summary>
    /// The spec is rendered to C#, compiled with the MemDsl generator in-process and loaded into a collectible
    /// context (<see cref="CandidateCompiler"/>); unloaded after evaluation. Runs what a user's build would run.
    /// </summary>
    Compiled,
}
