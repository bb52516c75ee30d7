namespace MemDsl.Abstractions;

/// <summary>
/// Marks the method that writes a record's text for each turn, replacing the encoder's prefix
/// formatting. Signature: <c>static string Method(in Turn turn)</c> (or <c>Turn turn</c>).
/// A window or session record joins the texts of its turns with newlines.
/// </summary>
[AttributeUsage(AttributeTargets.Method, AllowMultiple = false, Inherited = false)]
public sealed class EncodeWithAttribute : Attribute
{
}
