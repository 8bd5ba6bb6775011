// C++ with its runtime: exceptions unwound through several frames (the unwinder reads PT_GNU_EH_FRAME through
// dl_iterate_phdr), RTTI, virtual dispatch, static constructors and destructors, std::map/std::string/std::sort,
// iostream formatting, and an exception nobody catches (std::terminate, then abort: SIGABRT) when asked.
#include <algorithm>
#include <cstring>
#include <functional>
#include <iomanip>
#include <iostream>
#include <map>
#include <memory>
#include <sstream>
#include <stdexcept>
#include <string>
#include <vector>

struct Announcer {
    const char *name;
    explicit Announcer(const char *n) : name(n) { std::cout << "construct " << name << '\n'; }
    ~Announcer() { std::cout << "destroy " << name << '\n'; }
};
static Announcer first("static first");
static Announcer second("static second");

struct Shape {
    virtual ~Shape() = default;
    virtual double area() const = 0;
    virtual std::string name() const = 0;
};
struct Rectangle : Shape {
    double w, h;
    Rectangle(double w_, double h_) : w(w_), h(h_) {}
    double area() const override { return w * h; }
    std::string name() const override { return "rectangle"; }
};
struct Circle : Shape {
    double r;
    explicit Circle(double r_) : r(r_) {}
    double area() const override { return 3.14159265358979 * r * r; }
    std::string name() const override { return "circle"; }
};

struct DepthError : std::runtime_error {
    int depth;
    DepthError(const std::string &what, int d) : std::runtime_error(what), depth(d) {}
};

// Throws from the bottom of a recursion; each frame holds an object whose destructor must run while unwinding.
static int descend(int depth, int limit)
{
    Announcer guard(depth == 0 ? "frame 0" : depth == limit ? "frame at limit" : "frame");
    if (depth == limit)
        throw DepthError("limit " + std::to_string(limit) + " reached", depth);
    return descend(depth + 1, limit) + 1;
}

int main(int argc, char **argv)
{
    std::map<std::string, int> squares;
    for (int i = 0; i < 12; i++)
        squares["k" + std::to_string(i)] = i * i;
    std::vector<int> values;
    for (const auto &[key, value] : squares)
        values.push_back(value);
    std::sort(values.rbegin(), values.rend());
    std::ostringstream joined;
    for (int v : values)
        joined << v << ',';
    std::cout << joined.str() << '\n';

    std::vector<std::unique_ptr<Shape>> shapes;
    shapes.push_back(std::make_unique<Rectangle>(3, 4.5));
    shapes.push_back(std::make_unique<Circle>(2));
    for (const auto &s : shapes) {
        const char *kind = dynamic_cast<const Circle *>(s.get()) ? "round" : "angular";
        std::cout << std::setw(10) << s->name() << ' ' << kind << ' ' << std::fixed << std::setprecision(4) << s->area() << '\n';
    }

    for (int limit = 0; limit < 4; limit++) {
        try {
            std::cout << "descend returned " << descend(0, limit < 3 ? 3 : 99) << '\n';
        } catch (const DepthError &e) {
            std::cout << "caught DepthError '" << e.what() << "' at depth " << e.depth << '\n';
            if (limit == 2)
                break;
        }
    }

    std::function<long(long)> factorial = [&](long n) { return n <= 1 ? 1 : n * factorial(n - 1); };
    std::cout << std::hex << std::showbase << factorial(20) << std::dec << '\n';
    try {
        std::vector<int> small(3);
        std::cout << small.at(7) << '\n';
    } catch (const std::out_of_range &e) {
        std::cout << "out_of_range caught\n";
    }
    std::cerr << "to stderr" << std::endl;

    if (argc > 1 && std::strcmp(argv[1], "uncaught") == 0) {
        std::cout << std::flush;
        throw std::logic_error("nobody catches this");
    }
    return 7;
}
