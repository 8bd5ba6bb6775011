namespace Translator.Generators
{
    internal static class Placeholder { }
}
