using System.Globalization;
using Turnout.Wire.CloudWatch.Model;

namespace Turnout.Wire.CloudWatch.MetricMath;

/// <summary>
/// Recursive-descent parser for the metric-math subset Turnout evaluates: numbers, query ids, "strings",
/// + - * / ^, unary minus, parentheses and function calls such as SUM(METRICS()) or FILL(m1, REPEAT).
/// </summary>
internal sealed class MathParser
{
    private readonly string _text;
    private int _pos;

    private MathParser(string text)
    {
        _text = text;
    }

    public static MathNode Parse(string expression)
    {
        var parser = new MathParser(expression);
        var node = parser.ParseSum();
        parser.SkipSpace();
        if (parser._pos != expression.Length)
        {
            throw parser.Error($"unexpected '{expression[parser._pos]}'");
        }

        return node;
    }

    private MathNode ParseSum()
    {
        var left = ParseProduct();
        while (true)
        {
            if (Accept('+'))
            {
                left = new MathNode(MathNodeKind.Add, Arguments: [left, ParseProduct()]);
            }
            else if (Accept('-'))
            {
                left = new MathNode(MathNodeKind.Subtract, Arguments: [left, ParseProduct()]);
            }
            else
            {
                return left;
            }
        }
    }

    private MathNode ParseProduct()
    {
        var left = ParseUnary();
        while (true)
        {
            if (Accept('*'))
            {
                left = new MathNode(MathNodeKind.Multiply, Arguments: [left, ParseUnary()]);
            }
            else if (Accept('/'))
            {
                left = new MathNode(MathNodeKind.Divide, Arguments: [left, ParseUnary()]);
            }
            else
            {
                return left;
            }
        }
    }

    private MathNode ParseUnary()
    {
        if (Accept('-'))
        {
            return new MathNode(MathNodeKind.Negate, Arguments: [ParseUnary()]);
        }

        if (Accept('+'))
        {
            return ParseUnary();
        }

        var baseNode = ParsePrimary();
        return Accept('^') ? new MathNode(MathNodeKind.Power, Arguments: [baseNode, ParseUnary()]) : baseNode;
    }

    private MathNode ParsePrimary()
    {
        SkipSpace();
        if (_pos >= _text.Length)
        {
            throw Error("the expression ends too early");
        }

        var c = _text[_pos];
        if (c == '(')
        {
            _pos++;
            var inner = ParseSum();
            Expect(')');
            return inner;
        }

        if (c is '"' or '\'')
        {
            var end = _text.IndexOf(c, _pos + 1);
            if (end < 0)
            {
                throw Error("unterminated string");
            }

            var text = _text[(_pos + 1)..end];
            _pos = end + 1;
            return new MathNode(MathNodeKind.Text, Name: text);
        }

        if (char.IsAsciiDigit(c) || c == '.')
        {
            var start = _pos;
            while (_pos < _text.Length && (char.IsAsciiDigit(_text[_pos]) || _text[_pos] is '.' or 'e' or 'E'
                || (_text[_pos] is '+' or '-' && _text[_pos - 1] is 'e' or 'E')))
            {
                _pos++;
            }

            return double.TryParse(_text.AsSpan(start, _pos - start), NumberStyles.Float, CultureInfo.InvariantCulture, out var number)
                ? new MathNode(MathNodeKind.Number, number)
                : throw Error($"'{_text[start.._pos]}' is not a number");
        }

        if (char.IsAsciiLetter(c) || c == '_')
        {
            var start = _pos;
            while (_pos < _text.Length && (char.IsAsciiLetterOrDigit(_text[_pos]) || _text[_pos] == '_'))
            {
                _pos++;
            }

            var name = _text[start.._pos];
            if (Accept('('))
            {
                var args = new List<MathNode>();
                if (!Accept(')'))
                {
                    do
                    {
                        args.Add(ParseSum());
                    }
                    while (Accept(','));
                    Expect(')');
                }

                return new MathNode(MathNodeKind.Call, Name: name.ToUpperInvariant(), Arguments: args);
            }

            // Ids start lowercase; upper-case words are keywords such as REPEAT and LINEAR.
            return char.IsAsciiLetterLower(name[0])
                ? new MathNode(MathNodeKind.Reference, Name: name)
                : new MathNode(MathNodeKind.Keyword, Name: name);
        }

        throw Error($"unexpected '{c}'");
    }

    private bool Accept(char c)
    {
        SkipSpace();
        if (_pos < _text.Length && _text[_pos] == c)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private void Expect(char c)
    {
        if (!Accept(c))
        {
            throw Error($"expected '{c}'");
        }
    }

    private void SkipSpace()
    {
        while (_pos < _text.Length && char.IsWhiteSpace(_text[_pos]))
        {
            _pos++;
        }
    }

    private CloudWatchException Error(string what) =>
        CloudWatchException.Invalid($"The expression '{_text}' is not valid: {what} at position {_pos + 1}.");
}
