import { strict as assert } from 'node:assert';
import { documentedNames } from '../../server/src/core/docstring/model';
import { readDocstring } from '../../server/src/core/docstring/parse';
import { analyze, codesFor, documentSource, findingsFor, py } from './helpers';

/**
 * The forms mature projects write docstrings in, each in the shape real code uses it: read,
 * judged as a maintainer would, and updated in the docstring's own layout.
 */

const names = (value: string) => readDocstring(value).model.params.flatMap(documentedNames);
/** The value of the first docstring in `source`, as the reader is given it. */
const readDocstringOf = (source: string) => /"{3}([\s\S]*?)"{3}/.exec(source)![1]!;
const update = async (source: string) => (await documentSource(source, { requests: [{ index: 0, action: 'update' }] })).text;
/** The DW4 findings of the lenient checks, then of the strict ones. */
const lenientAndStrict = async (source: string) => [
  await codesFor(source, 'pkg/m.py', { select: ['DW4'] }),
  await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }),
];

describe('reading real-world docstrings', () => {
  it('an Arguments header, a blank line, then entries at the margin with dash separators', () => {
    const value = 'Bind fun to a click.\n\n    Arguments:\n\n    fun -- a function with two arguments\n    btn -- number of the mouse button\n\n    Example:\n    >>> bind(f, 1)\n    ';
    assert.deepEqual(names(value), ['fun', 'btn']);
    const read = readDocstring(value);
    assert.equal(read.freeForm, undefined);
    assert.equal(read.model.params[1]!.description, 'number of the mouse button');
    assert.deepEqual(read.model.sections.map((s) => s.title), ['Example']);
  });

  it('bullets, with a continuation line that is not indented', () => {
    const value = 'Do it.\n\n    Args:\n        * x: the x, which can be\n        long.\n        * y: the y.\n    ';
    const read = readDocstring(value);
    assert.deepEqual(names(value), ['x', 'y']);
    assert.equal(read.model.params[0]!.description, 'the x, which can be\nlong.');
    assert.equal(read.sections[0]!.shape!.bullet, '* ');
  });

  it('a bare name with its description indented below, and NumPy entries under a Google header', () => {
    assert.deepEqual(names('Do it.\n\n    Args:\n        path\n            Where to write.\n        mode\n            How.\n    '), ['path', 'mode']);
    assert.deepEqual(names('Do it.\n\n    Args:\n        path : str\n            Where.\n        mode : int, optional\n            How.\n    '), ['path', 'mode']);
  });

  it('NumPy sections underlined with =, and a following Examples section is not read as parameters', () => {
    const value = 'Add.\n\n    Parameters\n    ==========\n    a : int\n        First.\n\n    Examples\n    ========\n    >>> from m import add\n    >>> add(1)\n    ';
    const read = readDocstring(value);
    assert.equal(read.style, 'numpy');
    assert.deepEqual(names(value), ['a']);
    assert.deepEqual(read.model.sections.map((s) => s.title), ['Examples']);
  });

  it('a doctest or directive at the margin ends an entry list', () => {
    const value = 'Add.\n\nArgs:\nx: the x.\n\n>>> add(1)\n\n.. versionadded:: 3.2\n';
    assert.deepEqual(names(value), ['x']);
  });

  it('combined entries: `x, y : int` and `encoding and errors: ...`', () => {
    assert.deepEqual(names('Open.\n\n    Parameters\n    ----------\n    x, y : int\n        Coordinates.\n    '), ['x', 'y']);
    assert.deepEqual(names('Open.\n\n    Args:\n        encoding and errors: as for str.decode.\n    '), ['encoding', 'errors']);
  });

  it('reST fields, the bare `:name:` form, and Epytext', () => {
    assert.deepEqual(readDocstring('Open.\n\n    :x: the x\n    :author: me\n    ').otherNames, ['x']);
    const epytext = readDocstring('Open.\n\n    @param path: where\n    @type path: str\n    @return: the handle\n    @raise IOError: when it fails\n    ');
    assert.deepEqual(epytext.model.params, [{ name: 'path', type: 'str', description: 'where' }]);
    assert.equal(epytext.model.returns[0]!.description, 'the handle');
    assert.equal(epytext.model.raises[0]!.type, 'IOError');
  });

  it('Epytext puts the name first, type words after it, and may have no colon; option and <type> forms in reST', () => {
    const odf = readDocstring('Add a picture.\n\n@param filename unicode string: name of a file\n@param z an instance of zipfile.ZipFile\n@return a unicode string: the name\n');
    assert.deepEqual(odf.model.params.map((p) => [p.name, p.type, p.description]),
      [['filename', 'unicode string', 'name of a file'], ['z', undefined, 'an instance of zipfile.ZipFile']]);
    const options = readDocstring('Repeat it.\n\n:param what: what to repeat.\n:param -t, --times: how many times.\n:param -y <int>: the exponent.\n'
      + ':param x <int>: the base.\n:param -O, --output-file <str>: where.\n');
    assert.deepEqual(options.model.params.map((p) => p.name), ['what', 'times', 'x', 'output_file']);
    const slips = readDocstring('A zone.\n\n:param: name\n    The name of a zone key.\n:param `fileobj`: the file.\n');
    assert.deepEqual(slips.model.params.map((p) => [p.name, p.description]), [['name', 'The name of a zone key.'], ['fileobj', 'the file.']]);
  });

  it('a bare :type: field is the property\'s own type, and "Exceptions:" names exceptions inline', () => {
    const typed = readDocstring('The directory pytest was invoked from.\n\n:type: LEGACY_PATH\n');
    assert.deepEqual(typed.model.params, []);
    const inline = readDocstring('Add transitions.\n\nParameters:\n\n- `names`: a list of names.\n\nExceptions: `DuplicateError`, `UnknownError`.\n');
    assert.deepEqual(inline.model.params.map((p) => p.name), ['names']);
    assert.deepEqual(inline.model.raises.map((r) => r.type), ['DuplicateError', 'UnknownError']);
  });

  it('a :type: that goes with an :ivar: types the attribute; a default in the field name; {x, y} brace names', () => {
    const twisted = readDocstring('Runs processes.\n\n    @type threshold: C{float}\n    @ivar threshold: How long a process has to live.\n    @param name: the name.\n    ');
    assert.deepEqual(twisted.model.params.map((p) => p.name), ['name']);
    assert.deepEqual(twisted.model.attributes.map((a) => [a.name, a.type]), [['threshold', 'C{float}']]);
    assert.deepEqual(names('Make an array.\n\n    :param as_tuple=False: Specify whether return results should be tuples.\n    '), ['as_tuple']);
    assert.deepEqual(readDocstring('A lone pair.\n\n    :param energy (float): The energy.\n    ').model.params.map((p) => [p.name, p.type]), [['energy', 'float']]);
    const keywords = readDocstring('Start a pool.\n\n    Args:\n        max_workers: How many.\n\n    Keyword Args:\n        env: The environment.\n    ');
    assert.deepEqual([keywords.model.params.map((p) => p.name), keywords.otherNames], [['max_workers'], ['env']]);
    assert.deepEqual(names('Set up.\n\n    Parameters\n    ----------\n    data : DataFrame\n        Tidy.\n    {x, y}_vars : lists of variable names\n        Use.\n    '),
      ['data', 'x_vars', 'y_vars']);
  });

  it('Returns written inline after its header, any capitalisation', () => {
    assert.equal(readDocstring('Get it.\n\n    Args:\n        x: X.\n\n    Return: the value.\n    ').model.returns[0]!.description, 'the value.');
    assert.equal(readDocstring('Get it.\n\n    Args:\n        x: X.\n\n    return: the value.\n    ').model.returns.length, 1);
  });

  it('a parameter section that is not a list, and a template, are free-form', () => {
    assert.match(readDocstring('Do it.\n\n    Args:\n        The arguments are passed on to open().\n    ').freeForm!, /Args section is not a list/);
    assert.match(readDocstring('Do it.\n\n    Parameters\n    ----------\n    %(params)s\n    ').freeForm!, /template/);
  });
});

describe('judging real-world docstrings as a maintainer would', () => {
  it('a parameter the prose names, and a summary that says what it returns, are documented', async () => {
    const source = py`
      def join(order, extra):
          """Return the joined order.

          Args:
              order: The order.

          The \`\`extra\`\` argument is passed to the formatter.
          """
          return order + extra
    `;
    assert.deepEqual(await codesFor(source, 'pkg/_m.py'), []);
    assert.deepEqual(await codesFor(source, 'pkg/_m.py', { staleChecks: 'strict' }), ['1:DW401', '1:DW403']);
  });

  it('a recursive return, and a mutator handing back its helper\'s result, return no value to document', async () => {
    const source = py`
      class Scale:
          def add_marks(self, levels, erase=True):
              """Draw marks on the scale.

              Parameters
              ----------
              levels : list
                  Where the marks go.
              erase : bool
                  Remove the old marks first.
              """
              if isinstance(levels, Group):
                  return self.add_marks(levels.values, erase)
              self.marks.extend(levels)

      def fill_where(arr, mask, vals):
          """Change the elements of an array where a mask is set.

          Parameters
          ----------
          arr : ndarray
              The array to change.
          mask : ndarray
              Where to change it.
          vals : ndarray
              The new values.
          """
          return _fill(arr, mask, vals)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['16:DW403']);
  });

  it('a class whose __new__ takes keywords may document them; names listed beyond the signature arrive through *args', async () => {
    const source = py`
      class Window:
          """Group rows by a key.

          Args:
              key: What to group by.
              origin: Only with a frequency; handled by the subclass.
          """

          def __new__(cls, *args, **kwargs):
              return super().__new__(cls)

          def __init__(self, key=None):
              self.key = key

      class Reader:
          """Read items with a modifier.

          Args:
              source: Where the items come from.
              sentinel: Stop at this item.
          """

          def __init__(self, *args):
              self.args = args
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['15:DW401', '15:DW402', '15:DW402']);
  });

  it('private parameters, camelCase spellings kept for old callers, an unimplemented stub and a deferring docstring need no entries', async () => {
    const source = py`
      def scan(text, parse_all=False, *, parseAll=False, _cache={}):
          """Scan text.

          Args:
              text: The text.
              parse_all: Require the whole text to match.
          """
          return _cache.get(text, parse_all or parseAll)

      class Table:
          def write(self, fid, sep=""):
              """Write the table to a file.

              Args:
                  fid: The file.
              """
              raise NotImplementedError("Table.write is not implemented yet.")

      def wrap_socket(sock, keyfile=None, certfile=None, server_hostname=None):
          """Wrap a socket.

          All arguments except for server_hostname have the same meaning as for ssl.wrap_socket.

          Args:
              server_hostname: The name to check the certificate against.
          """
          return sock
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }),
      ['1:DW401', '1:DW401', '1:DW403', '11:DW401', '19:DW401', '19:DW401', '19:DW401', '19:DW403']);
  });

  it('a Returns that says it returns nothing documents that nothing is returned; an in-place operator returns self by protocol', async () => {
    const source = py`
      class Cycler:
          def __iadd__(self, other):
              """In-place add.

              Parameters
              ----------
              other : Cycler
              """
              self._left = other
              return self

      def close(fp):
          """Close the file.

          :param fp: the file.
          :return: nothing
          """
          fp.close()
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['2:DW403', '12:DW404']);
  });

  it('a base method that only raises states a contract; a first ctx is a context; IOError names OSError; deferring and instantiating summaries', async () => {
    const source = py`
      class Validator:
          def get_realms(self, token, request):
              """Get realms associated with a request token.

              :param token: The request token string.
              :param request: An oauthlib.common.Request object.
              :returns: The list of realms associated with the request token.
              """
              raise self._subclass_must_implement("get_realms")

      @defun
      def schur(ctx, A):
          """Compute the Schur decomposition.

          Args:
              A: a square matrix.
          """
          return ctx.matrix(A)

      def copy_file(dst, overwrite=False):
          """Copy this file.

          Parameters
          ----------
          dst : str
              The destination; if it exists the copy will fail with an IOError.
          overwrite : bool
              Replace it.
          """
          if not overwrite:
              raise OSError("exists")

      class Leaf:
          def copy(self, newparent=None, newname=None, title=None):
              """Copy this node and return the new one.

              This method has the behavior described in :meth:\`Node._f_copy\`.

              Parameters
              ----------
              title
                  The new title.
              """
              return self._f_copy(newparent, newname, title)

          @classmethod
          def read(cls, reader):
              """Instantiates a Layer object from a reader.

              Args:
                  reader: The reader.
              """
              return cls(reader.layer)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }),
      ['2:DW406', '12:DW401', '12:DW403', '20:DW406', '34:DW401', '34:DW401', '34:DW403', '47:DW403']);
  });

  it('what __init__ hands unchanged to its base class is documented there, unless the list shows a rename', async () => {
    const source = py`
      class Axis(Element):
          """An axis of the font.

          Args:
              tag: Its four-letter tag.
          """

          def __init__(self, tag, location=None):
              Element.__init__(self, location)
              self.tag = tag

      class Skip(Element):
          """Skip to a match.

          Args:
              expr: What to skip to.
          """

          def __init__(self, other, location=None):
              super().__init__(other, location=location)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['12:DW401', '12:DW401', '12:DW402']);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }),
      ['1:DW401', '12:DW401', '12:DW401', '12:DW402']);
  });

  it('an __init__ that checks its argument is callable is not asked to document the TypeError', async () => {
    const source = py`
      class Pool:
          def __init__(self, size, initializer=None):
              """Start a pool.

              Args:
                  size: How many workers.
                  initializer: A callable run by each worker.

              Raises:
                  ValueError: If size is not positive.
              """
              if size <= 0:
                  raise ValueError("size must be positive")
              if initializer is not None and not callable(initializer):
                  raise TypeError("initializer must be a callable")
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['2:DW406']);
  });

  it('a base class documents its subclasses; a warning raised is no API; a call line shows what is documented; a class documents with its __init__', async () => {
    const source = py`
      class ParseError(ValueError):
          pass

      def load(path):
          """Load a file.

          Args:
              path: The file.

          Raises:
              OSError: If it cannot be read.
              ValueError: If it is not valid.
          """
          if not path:
              raise FileNotFoundError(path)
          raise ParseError(path)

      def fetch(url):
          """Fetch a page.

          Args:
              url: The page.

          Raises:
              Exception: If the server fails.
          """
          if not url:
              raise ValueError("no url")

      class BS:
          """bs(x, df=None, degree=3)

          Generates a B-spline basis.

          :arg df: The number of degrees of freedom.
          :arg degree: The degree of the spline.
          """
          def __init__(self):
              self._tmp = {}

      def einsum_path(*operands, optimize="greedy", einsum_call=False):
          """einsum_path(subscripts, *operands, optimize='greedy')

          Evaluates the lowest cost contraction order.

          Parameters
          ----------
          subscripts : str
              Specifies the subscripts.
          *operands : list of array_like
              The arrays.
          optimize : str
              Which path to take.
          """

      class ITransport(Interface):
          def write(data):
              """Write some data.

              @param data: The bytes to write.
              """

      class Chunker:
          """Parse chunks.

          :param rules: The rules.
          """
          def __init__(self, rules, chunk_label="NP"):
              """Create a parser.

              :param chunk_label: The label of the chunks.
              """
              self.rules = rules

      class TemplateLookup:
          """Find templates.

          :param directories: Where to look.

          All other keyword parameters available for
          :class:\`.Template\` are mirrored here.
          """
          def __init__(self, directories=None, strict_undefined=False, cache_type=None):
              self.directories = directories

      @pytest.fixture(params=["long", "wide"])
      def dataset(request):
          """Make a dataset.

          Parameters
          ----------
          type : {"long", "wide"}
              The shape.
          """
          return request.param

      def parse(text, use_decimal=False):
          """Parse the text.

          Args:
              text: The text.
              use_decimal: Deprecated.
          """
          if use_decimal:
              raise DeprecationWarning("use_decimal is deprecated")
          return text
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['18:DW406']);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), [
      '4:DW406', '4:DW406', '18:DW406', '30:DW402', '30:DW402', '41:DW401', '41:DW402', '57:DW402',
      '63:DW401', '68:DW401', '75:DW401', '75:DW401', '87:DW401', '87:DW402', '87:DW403', '97:DW403', '97:DW406',
    ]);
  });

  it('an equivalent of another callable, parameters documented elsewhere, a registered function, an untyped raises field, a noun phrase of what is returned', async () => {
    const source = py`
      def tmap(function, *sequences, **tqdm_kwargs):
          """Equivalent of builtin \`map\`, with a progress bar.

          Parameters
          ----------
          tqdm_class  : optional
              The class to use.
          """
          return list(map(function, *sequences))

      def parse(code=None, **kwargs):
          """A utility function to parse Python.

          Params are documented in :py:meth:\`parso.Grammar.parse\`.

          :param str version: The version used by the grammar.
          """
          return load_grammar(kwargs.pop("version", None)).parse(code, **kwargs)

      class ConjunctiveGraph:
          def parse(self, source=None, publicID=None, format=None, location=None):
              """Parse source adding the resulting triples to its own context.

              See :meth:\`rdflib.graph.Graph.parse\` for documentation on arguments.

              :param source: The source to parse.
              """
              return self._parse(source, publicID, format, location)

      class Flask:
          def add_template_filter(self, f, name=None):
              """Register a custom template filter.

              :param name: the optional name of the filter.
              """
              self.filters[name or f.__name__] = f

      def timezone(e, ctx):
          """Return the timezone of a date.

          :param e: The date.
          :param ctx: The context.
          :raises: an error if there is no timezone
          """
          if not e.tzinfo:
              raise SPARQLError("no timezone")
          return e.tzinfo

      class Server:
          def __init__(self, server, *largs, **kwargs):
              """Create a server.

              :param server: The server; any additional parameters or keyword
                  parameters are passed on unchanged.
              """
              self.server = server

      def find_level(self):
          """Try to find the value of maximum decomposition level.

          Args:
              self: the node.
          """
          return self.level

      class Device:
          """A threadsafe device.

          Parameters
          ----------
          {in|out}_type : int
              The socket types.
          """
          def __init__(self, in_type, out_type):
              self.types = (in_type, out_type)

      def _logpdf(x, mean):
          """Log of the multivariate normal probability density function.

          Parameters
          ----------
          x : ndarray
              Points.
          mean : ndarray
              Mean.
          """
          return -0.5 * (x - mean) ** 2
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), [
      '1:DW401', '1:DW401', '1:DW401', '1:DW403', '11:DW401', '11:DW401', '11:DW403', '21:DW401', '21:DW401',
      '21:DW401', '21:DW403', '31:DW401', '38:DW403', '38:DW406', '50:DW401', '50:DW401', '58:DW403', '77:DW403',
    ]);
  });

  it('a *args or **kwargs the body never reads keeps a shared signature and is not asked for', async () => {
    const source = py`
      class Serializer:
          def serialize_date(self, attr, **kwargs):
              """Serialize a date.

              :param date attr: The date.
              :rtype: str
              """
              return attr.isoformat()

          def serialize_data(self, data, **kwargs):
              """Serialize any data.

              :param data: The data.
              :rtype: str
              """
              return self.dispatch(data, **kwargs)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['10:DW401']);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['2:DW401', '10:DW401']);
  });

  it('a deprecated parameter, a catch-all that is only rejected, and one a class __init__ never reads are not asked for', async () => {
    const source = py`
      import warnings

      class Pool:
          """A pool of workers.

          Parameters
          ----------
          processes : int
              How many workers.
          """

          def __init__(self, processes=None, context_id=None, *args):
              if context_id is not None:
                  warnings.warn("context_id is deprecated and ignored", DeprecationWarning)
              self.processes = processes

      def encrypt(user_password, owner_pwd=None,  # deprecated
                  owner_password=None, **kwargs):
          """Encrypt the document.

          Args:
              user_password: The password to open it.
              owner_password: The password to edit it.

          Raises:
              TypeError: For an unknown keyword.
          """
          if kwargs:
              raise TypeError("unexpected keywords: %r" % (kwargs,))
          _store(user_password, owner_password or owner_pwd)

      @removals.removed_kwarg("refetch")
      def create(name, refetch=True):
          """Create a metric.

          :param name: Its name.
          """
          return _post(name)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }),
      ['3:DW401', '3:DW401', '17:DW401', '17:DW401', '33:DW401', '33:DW403']);
  });

  it('what __init__ hands its base class is documented there, even when the docstring lists keywords of **kw', async () => {
    const source = py`
      import tkinter

      class RenderWidget(tkinter.Widget):
          def __init__(self, master, cnf={}, **kw):
              """Constructor.

              Keyword arguments:

                rw -- Use this render window.
              """
              tkinter.Widget.__init__(self, master, 'vtkTkRenderWidget', cnf, kw)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['4:DW401', '4:DW401', '4:DW401']);
  });

  it('an exception raised under a second name is documented under its first', async () => {
    const source = py`
      try:
          FNFError = FileNotFoundError
      except NameError:
          FNFError = IOError
      from distutils.errors import DistutilsSetupError as SetupError

      def load(path):
          """Load a file.

          Args:
              path: The file.

          Raises:
              FileNotFoundError: When there is none.
          """
          raise FNFError(path)

      def check(dist):
          """Check a setup.

          Args:
              dist: The distribution.

          Raises:
              DistutilsSetupError: For a bad one.
          """
          raise SetupError(dist)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['7:DW406', '18:DW406']);
  });

  it('a first line `Name(args) -> Type` shows what is returned', async () => {
    const source = py`
      def SCardEstablishContext(dwScope):
          """SCardEstablishContext(DWORD dwScope) -> SCARDRETCODE

          Establish a resource manager context.

          :param dwScope: The scope.
          """
          return _scard.SCardEstablishContext(dwScope)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['1:DW403']);
  });

  it('six or more entries of which none is a parameter document something else: a config dict\'s keys', async () => {
    const source = py`
      class RedisBackend:
          """A Redis backend.

          Arguments accepted in the arguments dictionary:

          :param url: The URL.
          :param host: The host.
          :param port: The port.
          :param db: The database.
          :param password: The password.
          :param lock_timeout: How long a lock lives.
          """

          def __init__(self, arguments):
              self.arguments = arguments

      def connect(url, host, port, db, password, socket):
          """Connect.

          :param uri: The URI.
          :param hostname: The host.
          :param port: The port.
          :param database: The database.
          :param password: The password.
          :param sock: The socket.
          """
          return url, host, port, db, password, socket
    `;
    // The second lists two of its parameters, so its renames are reported (the text names `url` and `host`).
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }),
      ['17:DW401', '17:DW401', '17:DW402', '17:DW402', '17:DW402', '17:DW402']);
    assert.equal((await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' })).filter((c) => c.startsWith('1:')).length, 7);
  });

  it('a backslash continuing a signature or a class statement is neither a parameter nor a base', async () => {
    const source = py`
      class Plot(Base, \\
                 Other):
          """A plot."""

          def add_compass(self, location, size, color="white", \\
                          width=20.0):
              """Add a compass.

              @param location: where
              @param size: how big
              @param color: its color
              @param width: its width
              """
              draw(location, size, color, width)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), []);
    const [plot, method] = (await analyze(source)).definitions;
    assert.deepEqual(plot!.bases, ['Base', 'Other']);
    assert.deepEqual(method!.parameters.map((p) => p.name), ['self', 'location', 'size', 'color', 'width']);
  });

  it('pythondialog: `:return: undefined` returns nothing; "for all other parameters, please refer to", "other options are identical to those of" and "most arguments are simply passed to" defer', async () => {
    const source = py`
      def gauge_update(percent, text="", update_text=False):
          """Update a running gauge box.

          :param int percent: new percentage to show
          :param str text: new text
          :param bool update_text: whether to update the text
          :return:            undefined
          """
          write(percent, text, update_text)

      def mixedform(text, elements, height=0, **kwargs):
          """Display a form of mixed fields.

          :param str text: the text
          :param elements: the fields

          For all other parameters, please refer to the documentation of
          :meth:\`form\`.
          """
          return run(text, elements, height, **kwargs)

      def module_option(modulename, name, help, short=None):
          """Register a commandline option for a module.

          @param modulename: Name of the module.
          Other options and return value are identical to those of option().
          """
          option(modulename + name, help, short)

      def test_program(registry, *args, **kwargs):
          """Run the tests.

          Most arguments to this are simply passed to Nose or unittest's
          TestProgram class.

          :param registry: Where the tests are registered.
          """
          run(registry, *args, **kwargs)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
  });

  it('"does the same as X" and "accepts all the same parameters as X" defer the rest; "the same signature as this method" does not', async () => {
    const source = py`
      def dataclass(_cls=None, *, repr=True, eq=True, base_schema=None):
          """
          This decorator does the same as dataclasses.dataclass, but also applies :func:\`add_schema\`.

          :param base_schema: marshmallow schema used as a base class
          """
          return wrap(_cls, repr, eq, base_schema)

      def install_cache(cache_name="http_cache", backend=None, session_factory=None):
          """
          Install the cache for all requests functions by monkey-patching requests.Session.

          Accepts all the same parameters as :py:class:\`.CachedSession\`. Additional parameters:

          Args:
              session_factory: Session class to use. It must inherit from CachedSession.
          """
          patch(cache_name, backend, session_factory)

      class Finder:
          def __call__(self, parser, output_stream=None):
              """
              Use this to complete. It has the same signature as this method.

              :param parser: the parser
              """
              run(parser, output_stream)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['21:DW401']);
  });

  it('a docstring the module fills in at import (`f.__doc__ %= ARGS`, `.replace(…)`) is asked for no parameter; its other findings stay', async () => {
    const source = py`
      def search(pos=None, band=None, collection=None):
          """
          Search the archive.

          Parameters
          ----------
          pos : tuple
              The position.
          _SIA2_PARAMETERS
          """
          if pos is None:
              raise ValueError("pos is required")
          return query(pos, band, collection)

      search.__doc__ = search.__doc__.replace("_SIA2_PARAMETERS", SIA_PARAMETERS_DESC)

      class Axes:
          def convert_units(self, axes=None, units=None, factor=0.25):
              """Convert the scale and the units of the selected axes.

              Parameters
              ----------
              axes : int or None
                  The axes to convert.
              %s
              """
              run(axes, units, factor)

          convert_units.__doc__ %= FACTOR_DOCSTRING

      def other(a, b):
          """Add.

          Parameters
          ----------
          a : int
              First.
          """
          return a + b
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['1:DW406', '31:DW401', '31:DW403']);
  });

  it('bare yields yield nothing; Epytext L{None} returns nothing; "not implemented" after a message, or before dead code, is a stub; "alias for" and "most arguments are similar to" defer', async () => {
    const source = py`
      @decorator
      def unless_module(module, name=None):
          """Skip test if module is available.

          Arguments:
              module (str): the module
              name (str): its name
          """
          if available(module):
              skip(name)
          yield

      def begin_flowing_from(drain, fount):
          """
          Do the things flowingFrom needs.

          @param drain: The drain implementing flowingFrom.
          @param fount: The fount flowingFrom was called with.
          @return: L{None}
          """
          drain.fount = fount

      class BaseStore:
          def get_manager(self, store_location, context=None):
              """Return the connection manager for the store.

              :param store_location: where the image is
              :param context: user context
              :return: connection manager for store
              """
              msg = _("There is no Connection Manager implemented for %s class.")
              raise NotImplementedError(msg % self.__class__.__name__)

      def common_beam(beams, p0=None):
          """Find the common beam.

          Parameters
          ----------
          beams : Beams
              The beams.
          p0 : tuple
              Start.
          """
          raise NotImplementedError("This method is not fully tested.")
          if not HAS_SCIPY:
              raise ImportError("needs scipy.optimize")

      class Result:
          def get_ways(self, way_id=None, **kwargs):
              """
              Alias for get_elements() but filter the result by Way

              :param way_id: The Id of the way
              :return: List of elements
              """
              return self.get_elements(Way, elem_id=way_id, **kwargs)

      def function_op(name, arg_types, priority=1):
          """Define a C function call op.

          Most arguments are similar to method_op().

          Args:
              name: full name of the function
              arg_types: positional argument types
          """
          register(name, arg_types, priority)

      def counter(items):
          """Go over the items.

          Args:
              items (list): what to count
          """
          for item in items:
              yield item
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['69:DW405']);
  });

  it('`:type string: name - text` documents `name`; `:return: -` returns nothing; "will be passed forward" and "the rest of parameters follow" defer; a local class\'s `__init__.__func__.__doc__ =` fills it in', async () => {
    const source = py`
      def compress_file(name, overwrite=False):
          """
          :type string: name      - name of file to compress
          :type bool:   overwrite - overwrite destination
          Generic compress method for a file.
          """
          write(name, overwrite)

      def output_results(self, lines):
          """Outputs results from the result store.

          :param lines: How many surrounding lines to show per result
          :return: -
          """
          show(lines)

      def install(self, package_names=None, *args, **kw):
          """
          Install the packages.

          Arguments:

          package_names
              The names of the packages.

          All other arguments to this method will be passed forward to
          the pkg_manager_init method.
          """
          init(package_names, *args, **kw)

      def info(obj, msg, *args, **kvargs):
          """Logs workflow trace record.

          :param obj: If type is TaskExecution the record is logged for its workflow.
          :param msg: Message format.
          The rest of parameters follow logger.info(...)
          """
          log(obj, msg, *args, **kvargs)

      def wrap(scikits_class):
          class Node:
              def __init__(self, input_dim=None, **kwargs):
                  """Initialize.

                  :param input_dim: the input dimension
                  """
                  setup(input_dim, **kwargs)

          Node.__init__.__func__.__doc__ = make_docstring(scikits_class)
          return Node
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
  });

  it('Epytext `@return - text` is the Returns field, not a parameter `return`; "supports the same semantics as X" defers', async () => {
    const source = py`
      class DirSrv:
          def db2bak(self, archive_dir):
              """
              Perform a backup by using db2bak.

              @param archive_dir - The directory to backup to
              @return - True if backup succeeded
              """
              return run(archive_dir)

          def match_archive(self, pattern, archive):
              """Search an archived log.

              @param pattern - a regular expression to match
              @return - list of matching lines
              """
              return grep(pattern)

      class FolderCollection:
          def view(self, start, end, *args, **kwargs):
              """Implements the CalendarView option to FindItem.

              Supports the same semantics as filter, except for 'start' and 'end' keyword
              arguments which are both required.

              :param start: The start of the view
              :param end: The end of the view
              """
              return self.filter(start, end, *args, **kwargs)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['11:DW401']);
  });

  it('an entry `kwargs` that says "See plot" stands for the keywords it does not list; a stale `kwargs` entry does not; "arguments for X can be passed" defers', async () => {
    const source = py`
      def _do_plot(x, y, title='', left=None, right=None):
          """Plot worker.

          Parameters
          ----------
          x, y : Quantity
              Wavelength and flux to plot.

          kwargs
              See :func:\`plot\`.
          """
          draw(x, y, title, left, right)

      def get(grp, lo=0, as_dict=False):
          """Query a range of rows from a table.

          Parameters
          ----------
          grp : h5py.Group
              The group.
          lo : int
              First row.
          kwargs : optional
              Options to pass to pandas.DataFrame.
          """
          return read(grp, lo, as_dict)

      class TunerCV:
          """Hyperparameter tuner for LightGBM with cross-validation.

          Arguments and keyword arguments for \`lightgbm.cv()\` can be passed except
          \`\`metrics\`\`.

          Args:
              time_budget: A time budget for parameter tuning in seconds.
          """

          def __init__(self, params, train_set, time_budget=None, show_stdv=True):
              tune(params, train_set, time_budget, show_stdv)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['14:DW401', '14:DW402', '14:DW403']);
  });

  it('a responder\'s `:returns: HTTP | 200` is the response, not a value; "for other params see X" defers', async () => {
    const source = py`
      class Listing:
          def on_get(self, request, response, project_id):
              """Returns a flavor listing as objects embedded in an object.

              :param request: the request
              :param response: the response
              :param project_id: the project
              :returns: HTTP | [200, 404]
              """
              response.body = self.list(project_id)

      def version_option(version=None, *param_decls, **kwargs):
          """
          :param version: the version number to show
          :param param_decls: the option's names

          for other params see Click's version_option decorator
          """
          return click.version_option(version, *param_decls, **kwargs)

      def status():
          """Show the status.

          :returns: HTTP | 200
          """
          show()
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
  });

  it('a NumPy Returns entry `nothing:` returns nothing; a stub raising the project\'s ImplError is unimplemented', async () => {
    const source = py`
      def check_answer(box):
          """Callback from the box.

          Parameters
          -----------
          box: object
              the box

          Returns
          -------
          nothing:
              its return is through the box object
          """
          box.finish()

      class Source:
          def load_ref(self, node):
              """Load the ref from node.

              Args:
                 node (dict): The YAML node to load the ref from
              """
              raise ImplError("Source plugin does not implement load_ref()")
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['1:DW404']);
  });

  it('a NumPy header underlined with ___ is a header', () => {
    const read = readDocstring('Derivative.\n\nParameters\n__________\nx : float\n    Where.\n\nReturns\n_______\nfloat\n    The slope.\n');
    assert.deepEqual(read.model.params.map((p) => p.name), ['x']);
    assert.equal(read.model.returns[0]!.type, 'float');
  });

  it('a subscript method may document the parts of obj[i, o] rather than its key; one other name is a rename', async () => {
    const source = py`
      class Line:
          def __getitem__(self, index):
              """line[i] or line[i, o].

              Parameters
              ----------
              i : int or slice
              o : int or slice
                  The offset.

              Returns
              -------
              Line
                  The traces.
              """
              return self.read(index)

      class Workbook:
          def __getitem__(self, key):
              """Returns a worksheet by its name.

              :param name: the name of the worksheet to look for
              """
              return self.find(key)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['19:DW401', '19:DW402']);
  });

  it('a Returns section that says N.A. says nothing is returned', async () => {
    const source = py`
      def translate(pol, exp_info):
          """Translate a policy.

          Args:
            pol: A Policy() object.
            exp_info: Weeks till the policy expires.

          Returns:
            N.A.
          """
          pol.apply(exp_info)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['1:DW404']);
  });

  it('an exception a decorator is handed to catch (a retry) is not raised to the caller', async () => {
    const source = py`
      @tenacity.retry(retry=tenacity.retry_if_exception_type(db_exceptions.NoResultFound), stop=stop_after_attempt(3))
      def create_member(member_id):
          """Create a member.

          :param member_id: The member.
          :raises NotFound: When there is no pool.
          """
          member = get(member_id)
          if not member:
              raise db_exceptions.NoResultFound
          if not member.pool:
              raise NotFound
          if member.busy:
              raise ValueError(member_id)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['2:DW406']);
  });

  it('a docstring that sends the reader elsewhere for the other parameters asks for none of them', async () => {
    const source = py`
      def start_server(handler_factory, *args, **kwargs):
          """Start a server.

          With the exception of \`handler_factory\`, all of the arguments to :meth:\`create_server\`
          are supported and have the same meaning here.

          :param handler_factory: What handles a connection.
          """
          return create_server(handler_factory, *args, **kwargs)

      def download(file_object, chunk_size=4096):
          """Write the contents to a file.

          See :meth:\`.get_stream\` for info on other params.

          :param file_object: Where to write.
          """
          file_object.write(read(chunk_size))

      def define(maybe_cls=None, *, these=None, init=None):
          """Define a class.

          :param these: The attributes.

          For now, please refer to \`attr.s\` for the rest of the parameters.
          """
          make(maybe_cls, these, init)

      def upload(path, **kwargs):
          """Upload a file.

          :param path: The file.

          See ToolClient.upload_file for the optional parameters.
          """
          send(path, **kwargs)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.equal((await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' })).filter((c) => c.endsWith('DW401')).length, 6);
  });

  it('a short list naming no parameter, with a hyphenated name, documents options or keys', async () => {
    const source = py`
      def ant(registry, xml_parent, data):
          """yaml: ant
          Execute an ant target.

          :Parameter: space separated list of Ant targets

          :arg str targets: the space separated list of ANT targets.
          :arg str buildfile: the path to the ANT build file.
          :arg str ant-name: the name of the ant installation.
          """
          build(registry, xml_parent, data)

      def run(targets, build_file):
          """Run targets.

          :arg str targets: the targets.
          :arg str buildfile: the build file.
          """
          build(targets, build_file)
    `;
    // The second names one of its parameters: its rename is reported.
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['13:DW401', '13:DW402']);
  });

  it('a raise an except clause replaces with a new exception does not reach the caller; a NumPy "Results" section is Returns', async () => {
    const source = py`
      def analyze(hint):
          """Analyze a type hint.

          :param hint: The hint.
          :raises ContextError: If the typing is not supported.
          """
          try:
              if hint is None:
                  raise TypeError()
              return evaluate(hint)
          except Exception:
              raise ContextError(hint)

      def read(text):
          """Read a zone.

          :param text: The zone.
          :raises ValueError: For a bad one.
          """
          try:
              if not text:
                  raise SyntaxError("empty")
              return parse(text)
          except SyntaxError as detail:
              ex = SyntaxError(str(detail))
              raise ex.with_traceback(None) from None

      def uvw2enu(u, v, w):
          """Convert.

          Parameters
          ----------
          u : float
              East.
          v : float
              North.
          w : float
              Up.

          Results
          -------
          float
              The converted point.
          """
          return u + v + w
    `;
    // `read` raises what it built from the caught SyntaxError (`ex`), which may be the same: still counted.
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['14:DW406']);
  });

  it('a documented name its decorator is given as a string arrives through the decorator', async () => {
    const source = py`
      class NodesClient:
          @query_params("timeout", "flat_settings")
          def stats(self, node_id=None, params=None):
              """Return statistics.

              :arg node_id: The nodes.
              :arg params: The query.
              :arg timeout: Explicit operation timeout.
              :arg flat_settings: Return settings in flat format.
              """
              return self.transport.perform_request("GET", node_id, params=params)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['3:DW402', '3:DW402', '3:DW403']);
  });

  it('reST `:param name(type):` and the slip `:param: name: text` document name', async () => {
    const source = py`
      def export(private_key=False, as_dict=False):
          """Export the key.

          :param private_key(bool): Whether to export the private key.
          :param: as_dict: Whether to return a dict.
          """
          return dump(private_key, as_dict)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['1:DW403']);
  });

  it('a `Returns:` header indented like the entries above it, after a blank line, is a header, not an entry', async () => {
    const source = py`
      def post(status, media):
          """Post a status with a picture.

          Args:
            status:
                The text of the update.
            media:
                Where the picture is.

            Returns:
                The status posted.
          """
          return send(status, media)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), []);
  });

  it('Epytext with the type first, a dash entry after @, and a field that names nothing', async () => {
    const source = py`
      def open_shell(i_stream='stdin', env_vars=None, arguments=(), b=b''):
          """Open a shell.

          @param string i_stream: which streams to read
          @param dict env_vars: variables to set
          @param iterable of string arguments: passed on
          @param bytes b to be padded.
          """
          run(i_stream, env_vars, arguments, b)


      def from_dict(json_macaroon):
          """A macaroon from a dict.

          @param JSON-encoded macaroon as dict
          """
          load(json_macaroon)


      def option(priority=0, type=None):
          """An option.

          @priority    - A value from 0 to 100.
          @type        - The accepted type (one of: list, str, int).
          """
          keep(priority, type)
    `;
    // The field that names nothing still makes a parameter list, so its parameter is asked for.
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['12:DW401']);
    const typed = readDocstring('Open.\n\n@param string i_stream: which streams\n@param bytes b to be padded.\n');
    assert.deepEqual(typed.model.params.map((p) => [p.name, p.type, p.description]),
      [['i_stream', 'string', 'which streams'], ['b', 'bytes', 'to be padded.']]);
  });

  it('reST: a call form after the name, and a name after an empty `:param:`', async () => {
    const source = py`
      def slice(point, datafunc=None):
          """Split what overlaps point.

          :param point: where to slice
          :param datafunc(interval, isupper): callable returning a new
          value for the data field
          """
          cut(point, datafunc)


      def compute_caps_hash(info, compare=True):
          """Compute the hash.

          :param: info    DiscoInfo
          :param: compare If True an exception is raised if the hash
                          differs
          """
          digest(info, compare)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), []);
    const prose = readDocstring('Set it.\n\n:param: the value to set\n');
    assert.deepEqual(prose.model.params, []);
  });

  it('Epytext `@param name(type)` documents name', async () => {
    const source = py`
      def connect(host, port, ciphers=None):
          """Connect.

          @param host(str)    The host to connect to.
          @param port(int)    The (TCP) port.
          @param ciphers(list<str>) Allowed ciphers.
          """
          open_socket(host, port, ciphers)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), []);
  });

  it('__new__ may leave to the class docstring; __getattr__ raises AttributeError and __next__ StopIteration by protocol', async () => {
    const source = py`
      class Decimal:
          """A decimal value.

          Parameters
          ----------
          val : str
              The value.
          auto_format : bool
              Whether to format it.
          """

          def __new__(cls, val, auto_format=False):
              """Create the value.

              Parameters
              ----------
              val : str
                  The value.
              """
              return super().__new__(cls, val)

          def __getattr__(self, name):
              """Look up a code.

              Args:
                  name: The code's name.
              """
              raise AttributeError(name)

          def __next__(self):
              """Step.

              Returns:
                  The next digit.
              """
              raise StopIteration
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }),
      ['12:DW401', '22:DW406', '30:DW406']);
  });

  it('`:return: ``None``` says nothing is returned, SWIG\'s `-> "void"` returns nothing, and a generator\'s "Return …" summary says what it yields', async () => {
    const source = py`
      def sign(pkey, digest):
          """Sign the request.

          :param pkey: The key.
          :param digest: The digest's name.
          :return: \`\`None\`\`
          """
          pkey.sign(digest)

      def SetFilter(layer, *args) -> "void":
          """Set a filter.

          :param layer: The layer.
          :param args: The bounds.
          """
          return _lib.SetFilter(layer, *args)

      def get_distributions(paths):
          """Return all installed distributions on the given paths.

          :param paths: Where to look.
          """
          for path in paths:
              yield path
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['1:DW404', '18:DW405']);
  });

  it('a base hook that writes return None out documents what overrides return', async () => {
    const source = py`
      class Domain:
          def user_directory(self, user):
              """Return the mail directory for a user.

              :param user: A user name.
              :return: The user's directory, or None for an unknown user.
              """
              return None

          def deliver(self, message):
              """Deliver a message.

              :param message: The message.
              :return: The delivery receipt.
              """
              self.queue.append(message)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['10:DW404']);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['2:DW404', '10:DW404']);
  });

  it('an exception caught in the same function, by its name or a base, is not raised to the caller unless the handler raises again', async () => {
    const source = py`
      def score(items, key):
          """Score the items.

          Args:
              items: The items.
              key: The key.

          Returns:
              The score.
          """
          try:
              if not items:
                  raise StopIteration()
              total = sum(items)
          except StopIteration:
              total = 0
          try:
              raise KeyError(key)
          except (ValueError, LookupError):
              pass
          try:
              check(items)
              raise TypeError("bad items")
          except TypeError:
              cleanup()
              raise
          return total
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['1:DW406']);
    assert.deepEqual((await findingsFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' })).map((f) => f.message),
      ['`TypeError` is raised but not documented (`score`)']);
  });

  it('a Keyword Args section lists what arrives through **kwargs', async () => {
    const source = py`
      class Pool:
          def __init__(self, max_workers=None, **kwargs):
              """Start a pool.

              Args:
                  max_workers: How many workers.

              Keyword Args:
                  path: Where the interpreter is.
                  env: Its environment.
              """
              self.options = dict(kwargs, max_workers=max_workers)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['2:DW401']);
  });

  it('a prose docstring with only an Examples section is not asked for sections', async () => {
    const source = py`
      def run(main, *, debug=None):
          """Execute the coroutine.

          Example:

              run(main())
          """
          if debug:
              raise RuntimeError("no")
          return main
    `;
    assert.deepEqual(await codesFor(source, 'pkg/_m.py'), []);
  });

  it('a free-form docstring gets no DW4xx, and its update is refused with the reason', async () => {
    const source = py`
      def f(a, b):
          """Do it.

          Args:
              The arguments are passed on to open().
          """
          return a
    `;
    assert.deepEqual(await codesFor(source, 'pkg/_m.py'), []);
    const result = await documentSource(source, { requests: [{ index: 0, action: 'update' }] });
    assert.equal(result.text, source);
    assert.match(result.skipped[0]!.reason, /free-form \(its Args section is not a list of entries Docwright can read\)/);
  });
});

describe('forms the thirty-second sample showed', () => {
  it('a raise whose message says the case cannot happen is an assertion; an argument check is not', async () => {
    const source = py`
      def pair(records):
          """Pair the records.

          Args:
              records: what to pair.
          """
          for kind in records:
              if kind not in (1, 2):
                  raise RuntimeError("Unexpected error: kind %r" % kind)

      def scale(x):
          """Scale x.

          Args:
              x: a positive number.
          """
          if x <= 0:
              raise ValueError("x must be positive")
          print(2 * x)
    `;
    assert.deepEqual(await lenientAndStrict(source), [['11:DW406'], ['1:DW406', '11:DW406']]);
  });

  it('a classmethod whose every return is cls(...) is an alternate constructor', async () => {
    const source = py`
      class Beam:
          @classmethod
          def from_table(cls, table):
              """Build a beam from a table.

              Parameters
              ----------
              table : Table
                  The rows.
              """
              if table is None:
                  return cls(0)
              return cls(len(table))
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['3:DW403']]);
  });

  it('a colon-less :type field names its parameter by its first word, not by the type cut at a colon', async () => {
    const source = py`
      class Transport:
          def on_message(self, callback):
              """
              Call back on every message, or stop with None.

              :param callback callback
              :type callback function(node: Node, message: any) or None
              """
              self._callback = callback
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(names('Call.\n\n:type callback function(node: Node) or None\n'), ['callback']);
  });

  it('a stub that raises any exception saying "not implemented" documents nothing it raises', async () => {
    const source = py`
      class Bindings:
          def draw_text(self, text, x):
              """
              Draw text.

              Arguments:
                  text: what to draw
                  x: where
              """
              raise AttributeError("not implemented")
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
  });

  it('"most of the constructor arguments are forwarded … only those relevant here are documented"', async () => {
    const source = py`
      class Consumer:
          def __init__(self, name, client_id=None, *, scope=None, state=None, **kwargs):
              """
              Most of the constructor arguments are forwarded to the session
              class, including \`\`**kwargs\`\`. Only the arguments that are
              relevant to this blueprint are documented here.

              Args:
                  name: The blueprint's name.
                  client_id: The client ID.
              """
              self.name = name
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['2:DW401', '2:DW401', '2:DW401']]);
  });

  it('"See :meth:\`X\` for additional details" stands for the keywords passed on, not for a named parameter', async () => {
    const source = py`
      def from_dir(dir_path, header=True, **kwargs):
          """
          Load every CSV file of a directory.

          See :meth:\`.Table.from_csv\` for additional details.

          :param dir_path:
              The directory.
          """
          return [dir_path, header, kwargs]
    `;
    assert.deepEqual((await findingsFor(source, 'pkg/m.py', { select: ['DW4'] })).map((f) => f.message), ['Parameter \`header\` is missing from the docstring (\`from_dir\`)']);
  });

  it('a capitalised Usage: indented like the entries, over an indented example, ends the Arguments list', async () => {
    const value = 'Lock around the call.\n\n    Arguments:\n     - path: the lock file.\n     - timeout (optional): how long to wait.\n\n     Usage:\n         @locked("/run/x", timeout=0)\n         def job():\n             ...\n    ';
    assert.deepEqual(names(value), ['path', 'timeout']);
    // A parameter named \`usage\` keeps its entry.
    assert.deepEqual(names('Run.\n\n    Args:\n        name: the name.\n\n        usage:\n            the help line.\n    '), ['name', 'usage']);
  });
});

describe('forms the thirty-third sample showed', () => {
  it('a decorator that writes into the docstring asks for no parameter it may add', async () => {
    const source = py`
      class Cube:
          @parallel_docstring
          def clip(self, threshold, num_cores=None):
              """
              Clip each spectrum.

              Parameters
              ----------
              threshold : float
                  Where to clip.
              """
              print(threshold, num_cores)
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['3:DW401']]);
  });

  it('a web handler\'s fields under "GET parameters" are the request\'s, not the signature\'s', async () => {
    const source = py`
      class Volumes:
          def get(self, request):
              """Get a list of volumes.

              The following GET parameters may be passed in the request:

              :param marker: Where the page starts.
              """
              return request.GET.get('marker')

      def render(template):
          """Render a template.

          :param marker: Where the page starts.
          """
          print(template)
    `;
    assert.deepEqual(await lenientAndStrict(source), [['11:DW402'], ['2:DW401', '2:DW402', '2:DW403', '11:DW401', '11:DW402']]);
  });

  it('":raises: … or a built-in exception" covers the builtin ones it raises, not the project\'s', async () => {
    const source = py`
      class OutOfBounds(Exception):
          pass

      def remove_lines(path, start, end):
          """Remove lines from a file.

          :param path: The file.
          :param start: The first line.
          :param end: The last line.
          :raises: OutOfBounds or a built-in exception.
          """
          if start > end:
              raise ValueError("start after end")
          if end > 10:
              raise OutOfBounds(end)
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['4:DW406', '4:DW406']]);
  });

  it('"Like :func:\`list_for_each()\`, but …" takes that function\'s documentation of what it yields', async () => {
    const source = py`
      def validate_each(head):
          """
          Like :func:\`list_for_each()\`, but checks the list while walking it.

          :param head: The list head.
          """
          pos = head.next
          while pos != head:
              yield pos
              pos = pos.next
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['1:DW405']]);
  });

  it('a camelCase setter handing back what the wrapped setter gives is not asked for Returns', async () => {
    const source = py`
      class Analysis:
          def setMaximumError(self, value):
              """
              Set the maximum error.

              Parameters
              ----------
              value : float
                  The error.
              """
              return _lib.Analysis_setMaximumError(self, value)
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['2:DW403']]);
  });
});

describe('forms the thirty-fourth sample showed', () => {
  it('"you can pass other arguments to this method" says what **kwargs takes', async () => {
    const source = py`
      class Component:
          def add_stream(self, datastream, method=None, **kwargs):
              """
              Add a data stream to the component.

              You can pass other arguments to this method; they are added as a
              map to the configuration.

              :param datastream: The stream.
              :param method: How to serve it.
              """
              self.streams.append((datastream, method, kwargs))
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['2:DW401']);
  });
});

describe('forms the thirty-fifth sample showed', () => {
  it('`:param theta/phi:` documents both', async () => {
    assert.deepEqual(names('Far field.\n\n:param theta/phi: The angles.\n:param radius: The distance.\n'), ['theta', 'phi', 'radius']);
  });

  it('"API to :meth:\`X\`." on its own line sends **kw there; "all other arguments will be ignored" speaks for **kwargs', async () => {
    const source = py`
      def rename_table(table, name, **kw):
          """Rename a table.

          API to :meth:\`ChangesetTable.rename\`.

          :param table: The table.
          :param name: Its new name.
          """
          table.rename(name, **kw)

      def draw(geometry=None, **kwargs):
          """Draw, as the standalone draw does.

          Only the geometry argument is supported, all other arguments will be
          ignored.

          Args:
              geometry: What to draw.
          """
          print(geometry)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['1:DW401', '11:DW401']);
  });

  it('"may be passed in the POST application/json object" marks a handler\'s fields as the request\'s', async () => {
    const source = py`
      class Validate:
          def post(self, request):
              """Validate a template.

              The following parameters may be passed in the POST
              application/json object:

              :param template_url: The template to validate.
              """
              return validate(request)
    `;
    // \`request\` itself is still asked for, as beaker's omission was labelled real.
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), ['2:DW401']);
  });
});

describe('forms the thirty-sixth sample showed', () => {
  it('"Further arguments are interpreted as for :py:class:\`.Client\` constructor" defers the rest', async () => {
    const source = py`
      class PooledClient:
          """A thread-safe pool of clients.

          Further arguments are interpreted as for :py:class:\`.Client\`
          constructor.

          Args:
            server: The server to connect to.
          """

          def __init__(self, server, serializer=None, ignore_exc=False):
              self.server = server
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), ['1:DW401', '1:DW401']);
  });

  it('":return: Never returns, always raises" is no Returns claim', async () => {
    const source = py`
      def bad_stream(msg):
          """Fail the session.

          :param msg: Why.
          :return: Never returns, always raises exception.
          """
          raise RuntimeError(msg)
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW404'] }), []);
  });
});

describe('forms the thirty-seventh sample showed', () => {
  it('len=len binds a builtin as a fast local; scan_api=scan_api is a hook a caller may pass', async () => {
    const source = py`
      def tokenize(source, ignore_comments=True, len=len, int=int):
          """
          :param source: The text.
          :param ignore_comments: Whether to drop comments.
          """
          return [int(len(source)), ignore_comments]

      def serve(name, scan_api=scan_api):
          """Serve it.

          :param name: The service.
          """
          return scan_api(name)
    `;
    assert.deepEqual(await lenientAndStrict(source), [['8:DW401'], ['1:DW401', '1:DW401', '1:DW403', '8:DW401', '8:DW403']]);
  });

  it('"encoding parameters and behavior are the same as in :meth:\`X\`" defers them', async () => {
    const source = py`
      def parse_file(css_file, protocol_encoding=None, document_encoding=None):
          """Parse a stylesheet from a file.

          Character encoding-related parameters and behavior are the same
          as in :meth:\`parse_bytes\`.

          :param css_file: A file or a filename.
          """
          print(css_file, protocol_encoding, document_encoding)
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['1:DW401', '1:DW401']]);
  });
});

describe('forms the thirty-eighth sample showed', () => {
  it('"we describe only parameters additional to …" and "for a full list of available parameters, refer to …" defer the rest', async () => {
    const source = py`
      class Wcs:
          def _to_sip(self, degree, inv_degree, verbose):
              """Fit a SIP approximation.

              Below we describe only parameters additional to the ones explained for
              \`to_sip\`.

              Parameters
              ----------
              degree : int
                  The order.
              """
              print(degree, inv_degree, verbose)

          def list_roles(self, effective=False, **kwargs):
              """List role assignments.

              For a full list of available parameters, please refer to the official
              API reference.

              :param effective: Whether to include inherited roles.
              """
              return self.get(effective, kwargs)
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['2:DW401', '2:DW401', '15:DW401', '15:DW403']]);
  });

  it('"this method abstracts logging.Logger.log()" and "is identical to :meth:\`x\`" speak for what is passed on', async () => {
    const source = py`
      class Reporter:
          def log(self, msg, *args, **kwargs):
              """Log a message.

              This method abstracts the logging.Logger.log() method.

              Args:
                  msg: The message.
              """
              self.logger.log(msg, *args, **kwargs)

          def text(self, x, *args, **kwargs):
              """Typeset text.

              This method is identical to :meth:\`text_pt\` but for the unit of x.

              :param x: x position
              """
              self.text_pt(x, *args, **kwargs)
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['2:DW401', '2:DW401', '12:DW401', '12:DW401']]);
  });
});

describe('forms the thirty-ninth sample showed', () => {
  it('a base class named with its module in a bulleted :raises: covers a subclass raised', async () => {
    const source = py`
      class ControllerError(Exception):
          pass

      class ProtocolError(ControllerError):
          pass

      def save_conf(force=False):
          """
          Save the configuration.

          :param bool force: overwrite it anyway

          :raises:
            * :class:\`stem.ControllerError\` if the call fails
          """
          if not force:
              raise ProtocolError("refused")
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['7:DW406']]);
  });
});

describe('forms the fortieth to forty-fourth samples and the labels of DW402 and DW403 showed', () => {
  it('a return of what a module function that returns nothing gives is no value to document', async () => {
    const source = py`
      class Network:
          def scrobble(self, artist, title):
              """Scrobble one track.

              Args:
                  artist: Who plays it.
                  title: What it is called.
              """
              return self.scrobble_many([(artist, title)])

          def scrobble_many(self, tracks):
              """Scrobble tracks.

              Args:
                  tracks: Pairs of artist and title.
              """
              for track in tracks:
                  self.post(track)

          def publish(self, message):
              """Publish a message.

              Args:
                  message: What to send.
              """
              return self.channel.basic_publish(message)
    `;
    // `publish` returns what another object's method gives: that may be a value, and is asked for.
    assert.deepEqual(await lenientAndStrict(source), [['20:DW403'], ['2:DW403', '20:DW403']]);
  });

  it('a :type field quoting its name in backticks types the :param of that name', async () => {
    const source = py`
      class Bar:
          def __init__(self, parent, pos=None):
              """
              Default constructor.

              :param \`parent\`: the parent window;
              :type \`parent\`: :class:\`wx.Window\`
              :param \`pos\`: the window position;
              :type \`pos\`: tuple or :class:\`wx.Point\`
              """
    `;
    assert.deepEqual(names(readDocstringOf(source)), ['parent', 'pos']);
    assert.deepEqual(await lenientAndStrict(source), [[], []]);
  });

  it('a Throws header at the margin lists what is raised, not parameters', async () => {
    const source = py`
      class Block:
          def unpack_int16(self, offset):
              """
              Returns a little-endian signed WORD from the relative offset.
              Arguments:
              - \`offset\`: The relative offset from the start of the block.
              Throws:
              - \`OverrunBufferException\`
              """
              try:
                  return unpack(self._buf, offset)
              except struct.error:
                  raise OverrunBufferException(offset)
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['2:DW403']]);
  });

  it('"Returns a tuple containing the following:" heads the list of returned values', async () => {
    const source = py`
      class ServantLocator:
          def locate(self, curr):
              """
              Called before a request is dispatched.
              Arguments:
              curr -- Information about the current operation.
              Returns a tuple containing the following:
              _retval -- The located servant, or null.
              cookie -- A cookie that will be passed to finished.
              """
              return (self.find(curr), None)
    `;
    const read = readDocstring(readDocstringOf(source));
    assert.deepEqual([read.model.params.map((p) => p.name), [...read.roles].sort()], [['curr'], ['params', 'returns']]);
    assert.deepEqual(await lenientAndStrict(source), [[], []]);
  });

  it('a colon-less :param whose text holds a colon names its first word', async () => {
    const source = py`
      def create_png(dvi_fn, background):
          """Create a PNG file from a given dvi file.
          :param dvi_fn       Dvi file name
          :param background   Background colour (default: transparent)
          :return dimensions for embedding into an HTML document"""
          return render(dvi_fn, background)
    `;
    assert.deepEqual(names(readDocstringOf(source)), ['background']);
    assert.deepEqual(await lenientAndStrict(source), [[], ['1:DW401', '1:DW403']]);
  });

  it('a C binding entry marked [OUT] is filled in by ctypes, not passed', async () => {
    const source = py`
      def media_get_tracks_info(p_md):
          """Get media descriptor's elementary streams description.
          @param p_md: media descriptor object.
          @param tracks: address to store an allocated array of descriptions [OUT].
          @param count: how many were found.
          """
          return _call(p_md)
    `;
    assert.deepEqual(await lenientAndStrict(source), [['1:DW402'], ['1:DW402', '1:DW402', '1:DW403']]);
  });

  it('"More details for parameters can be found in …" says where **kwargs go, and only they', async () => {
    const source = py`
      class Client:
          def modify_node(self, node, reason=None, **kwargs):
              """Modifies a node.

              More details for parameters can be found in the RAPI documentation.

              @type node: string
              @param node: Node name
              """
              return self._put(node, kwargs)
    `;
    assert.deepEqual((await lenientAndStrict(source))[0], ['2:DW401']);
  });

  it('a comment above a signature line saying the parameter is deprecated leaves it out', async () => {
    const source = py`
      class Client:
          def __init__(
                  self,
                  account_id=None,
                  # This is deprecated and not documented for that reason.
                  user_id=None):
              """Construct a Client.

              :param account_id: Your account ID.
              """
              self.account_id = account_id or user_id
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['2:DW401']]);
  });

  it(':attribute name: documents an attribute, not a parameter', async () => {
    const source = py`
      class XmpValueError(ValueError):
          """
          Exception raised when failing to parse the *value* of an XMP tag.

          :attribute value: the value that fails to be parsed
          :type value: string
          :attribute type: the XMP type of the tag
          :type type: string
          """
          def __init__(self, value, type_):
              self.value = value
              self.type = type_
    `;
    assert.deepEqual(readDocstring(readDocstringOf(source)).model.attributes.map((a) => a.name), ['value', 'type']);
    assert.deepEqual((await lenientAndStrict(source))[0], []);
  });

  it('a summary that asks a question returns its answer', async () => {
    const source = py`
      class OwnPort:
          def is_connected_to(self, port):
              """Am I *directly* connected to *port*?

              Parameters
              ----------
              port : str or Port
                  Full port name or port object.
              """
              return port in self.connections
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['2:DW403']]);
  });

  it('a catch-all whose first use asks for a deprecated key (`if "decodeParms" in kwargs:`) is left out', async () => {
    const source = py`
      class FlateDecode:
          def decode(data, parameters=None, **kwargs):
              """Decode data which is flate-encoded.

              Args:
                  data: flate-encoded data.
                  parameters: a dictionary of decoding parameters.
              """
              if "decodeParms" in kwargs:
                  deprecate_with_replacement("decodeParms", "parameters", "4.0.0")
                  parameters = kwargs["decodeParms"]
              return inflate(data, parameters)
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['2:DW401', '2:DW403']]);
  });

  it('a class docstring that explains the arguments its methods share speaks for every method', async () => {
    const source = py`
      class InlineBuilder:
          """
          Helper class to build results.

          Common arguments to all methods are explained here to avoid repetition:

              parse_mode (str, optional):
                  How the text is parsed.
          """
          def article(self, title, parse_mode=None, width=0):
              """Creates a new inline result of article type.

              Args:
                  title (str): The title to be shown for this result.
              """
              return self._build(title, parse_mode, width)
    `;
    assert.deepEqual(await lenientAndStrict(source), [['10:DW401'], ['10:DW401', '10:DW401', '10:DW403']]);
  });

  it('a :type field for a private name no :param lists types an attribute', async () => {
    const source = py`
      class Individual:
          """
          A basic single-chromosome individual.

          :type _l: int
          :type _engine: Sequence[Callable]
          """
          __slots__ = ("_l", "_engine")

          def __init__(self, engine, l=None):
              self._engine = engine
              self._l = l
    `;
    assert.deepEqual(readDocstring(readDocstringOf(source)).model.attributes.map((a) => [a.name, a.type]), [['_l', 'int'], ['_engine', 'Sequence[Callable]']]);
    assert.deepEqual(await lenientAndStrict(source), [[], []]);
  });

  it("a generator's raise StopIteration ends it; it is no exception to document", async () => {
    const source = py`
      class Network:
          def address_exclude(self, other):
              """Remove an address from a larger block.

              Args:
                  other: The address to remove.

              Yields:
                  The networks left.
              """
              if self == other:
                  raise StopIteration
              yield from self._rest(other)
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['2:DW406']]);
  });

  it('a SWIG wrapper whose first line is a C call with no result wraps a void function', async () => {
    const source = py`
      def SetHardExit(hard_exit):
          r"""
          SetHardExit(int hard_exit)

          Parameters
          ----------
          hard_exit: int

          """
          return _xraylib.SetHardExit(hard_exit)

      def raw_input(prompt='', float=True):
          r"""raw_input(prompt='', float=True)

          Arguments:
              prompt(str): The prompt to show to the user.
              float(bool): Whether the prompt floats.
          """
          return readline(-1, prompt, float)
    `;
    // A Python signature line shows no types, so it says nothing of the result.
    assert.deepEqual(await lenientAndStrict(source), [['12:DW403'], ['1:DW403', '12:DW403']]);
  });

  it('":return:" over an indented "None." says nothing comes back, whatever follows it', async () => {
    const source = py`
      class App:
          def destroy(self):
              """
              Destroy and close the App.

              :return:
                  None.

               :note:
                  Once destroyed an App can no longer be used.
              """
              self.tk.destroy()
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['2:DW404']]);
  });

  it('"See X() for description of regular parameters" defers the parameters it leaves out', async () => {
    const source = py`
      def update_site_list(sites=None, state_code=None, service=None, path=None, **kwargs):
          """Update cached site information.

          See ulmo.usgs.nwis.core.get_sites() for description of regular parameters.

          Parameters
          ----------
          path : None or file path
              Path to the hdf5 file to be updated.
          """
          return get_sites(sites, state_code, service, **kwargs)
    `;
    assert.deepEqual((await lenientAndStrict(source))[0], []);
  });

  it('":returns: No return value, exits script" says nothing comes back', async () => {
    const source = py`
      def msg_error_and_exit(msg, exit_status):
          """Send messages to the logging facility and exit.

          :param msg: String to be added to the log.
          :param exit_status: Exit code, ends up in $?.
          :returns: No return value, exits script with value exit_status.
          """
          logging.error(msg)
          sys.exit(exit_status)
    `;
    assert.deepEqual(await lenientAndStrict(source), [[], ['1:DW404']]);
  });

  it('`:param [options]:` brackets an optional parameter; it names `options`', async () => {
    const source = py`
      def link(input_, ctx, options=None):
          """Links a JSON-LD document's nodes in memory.

          :param input_: the JSON-LD document to link.
          :param ctx: the JSON-LD context to apply.
          :param [options]: the options to use.
          """
          return _link(input_, ctx, options or {})
    `;
    assert.deepEqual(names(readDocstringOf(source)), ['input_', 'ctx', 'options']);
    assert.deepEqual((await lenientAndStrict(source))[0], []);
  });

  it('an entry `proxies.http` under the parameter `proxies` documents a key of that dict', async () => {
    const source = py`
      def set_proxies(proxies):
          """Set the proxies the client uses.

          Args:
              proxies: The proxies to use.
              proxies.http (optional): The proxy for HTTP requests.
              timeouts.read (optional): How long to wait for a reply.
          """
          self.proxies = proxies
    `;
    assert.deepEqual(await lenientAndStrict(source), [['1:DW402'], ['1:DW402', '1:DW402']]);
  });

  it('a summary that calls the function a decorator or a context manager says what it returns', async () => {
    const source = py`
      def requires_toolkit(toolkits):
          """Decorator factory that skips a test unless one of the toolkits is in use.

          Args:
              toolkits: The toolkit names.
          """
          def decorator(test):
              return test if toolkits else None
          return decorator

      def move_on_at(deadline):
          """Use as a context manager to create a cancel scope with the given deadline.

          Args:
              deadline: When to cancel.
          """
          return CancelScope(deadline=deadline)

      def enable_logging(main):
          """Set up logging, then call main.

          Args:
              main: The entry point.
          """
          def wrapper(*args):
              return main(*args)
          return wrapper
    `;
    assert.deepEqual(await lenientAndStrict(source), [['19:DW403'], ['1:DW403', '11:DW403', '19:DW403']]);
  });
});

describe('updating real-world docstrings in place', () => {
  it('NumPy with = underlines: the missing parameter joins the Parameters section, nothing is appended', async () => {
    const source = py`
      def add(a, b, c):
          """Add.

          Parameters
          ==========
          a : int
              The first.
          b : int
              The second.

          Returns
          =======
          int
              The sum.
          """
          return a + b + c
    `;
    const text = await update(source);
    assert.equal(text, source.replace('        The second.\n', '        The second.\n    c\n        TODO: Describe `c`.\n'));
    assert.equal(text.match(/Parameters/g)!.length, 1);
  });

  it('an update adds the missing parameter and not the deprecated one the checks leave out', async () => {
    const source = py`
      import warnings

      def fetch(url, timeout, context_id=None):
          """Fetch a page.

          Args:
              url: Where from.
          """
          if context_id is not None:
              warnings.warn("context_id is deprecated", DeprecationWarning)
          return get(url, timeout)
    `;
    const text = await update(source);
    assert.equal(text, source.replace('        url: Where from.\n', '        url: Where from.\n        timeout: TODO: Describe `timeout`.\n'));
  });

  it('dash entries get a dash entry; bullets a bullet; a removed entry loses its line', async () => {
    const dashes = py`
      def bind(fun, btn, add=None):
          """Bind fun to a click.

          Arguments:
          fun -- a function with two arguments
          btn -- number of the mouse button
          """
          print(fun)
    `;
    assert.equal(await update(dashes), dashes.replace('    btn -- number of the mouse button\n', '    btn -- number of the mouse button\n    add -- TODO: Describe `add`. Defaults to `None`.\n'));
    const bullets = py`
      def f(x, z):
          """Do it.

          Args:
              * x: the x.
              * y: the old y.
          """
          print(x)
    `;
    assert.equal(await update(bullets), bullets.replace('        * y: the old y.\n', '        * z: TODO: Describe `z`.\n'));
  });

  it('entries separated by blank lines stay separated; signature order is kept', async () => {
    const source = py`
      def f(first, middle, last):
          """Compute.

          Args:
              first: one

              last: three
          """
          print(first)
    `;
    assert.equal(await update(source), source.replace('        first: one\n\n', '        first: one\n\n        middle: TODO: Describe `middle`.\n\n'));
  });

  it('a reST field list gets a field; a docstring without Returns gets one appended, once', async () => {
    const source = py`
      class Widget:
          """A widget.

          :param name: its name
          """

          def __init__(self, name, size):
              self.name = name
    `;
    const text = await update(source);
    assert.match(text, /:param name: its name\n {4}:param size: TODO: Describe `size`\.\n {4}"""/);
    assert.equal(await update(text), text);
  });
});

describe('an update finishes in one run', () => {
  it('a parameter section it appends (strict; lenient asks for none in a Returns-only docstring) lists every parameter, and what that section makes it ask (Raises) is added too', async () => {
    const source = py`
      class Selector:
          def get_key(self, fileobj):
              """Return the key associated with a registered file object.

              Returns:
              SelectorKey for this file object
              """
              mapping = self.get_map()
              if mapping is None:
                  raise RuntimeError('Selector is closed')
              return mapping[fileobj]
    `;
    assert.deepEqual(await codesFor(source, 'pkg/m.py', { select: ['DW4'] }), []);
    const updateMethod = async (text: string) => (await documentSource(text, { requests: [{ index: 1, action: 'update' }], staleChecks: 'strict' })).text;
    const once = await updateMethod(source);
    assert.match(once, /Args:\n {12}fileobj: TODO: Describe `fileobj`\./);
    assert.match(once, /Raises:\n {12}RuntimeError: TODO: Describe when it is raised\./);
    assert.deepEqual(await codesFor(once, 'pkg/m.py', { select: ['DW4'], staleChecks: 'strict' }), []);
    assert.equal(await updateMethod(once), once);
  });
});

describe('docstrings that start with a section', () => {
  it('a NumPy Parameters header on the first line is a section, not the summary, so no second one is appended', async () => {
    const source = py`
      class Box:
          def __init__(self, xy, width):
              """
              Parameters
              ----------
              xy : float
                The corner.

              width : float
                  The width.
              """
    `;
    assert.deepEqual(names('\n        Parameters\n        ----------\n        xy : float\n          The corner.\n        '), ['xy']);
    assert.deepEqual(await codesFor(source, 'pkg/_m.py', { select: ['DW4'] }), []);
    assert.equal((await documentSource(source, { requests: [{ index: 1, action: 'update' }] })).text, source);
  });

  it('a %(name:qualified)s substitution is a template', () => {
    assert.match(readDocstring('Draw.\n\n    Parameters\n    ----------\n    style : str\n        %(BoxStyle:table)s\n    ').freeForm!, /template/);
  });
});

describe('where an appended section goes', () => {
  it('a missing Raises goes before a trailing Notes or Examples section, one blank line apart', async () => {
    const source = py`
      def check(g):
          """Check the graph.

          Parameters
          ----------
          g : Graph
              The graph.

          Notes
          -----
          Linear time.
          """
          if not g:
              raise ValueError("empty")
    `;
    assert.equal(await update(source), source.replace('    Notes\n', '    Raises\n    ------\n    ValueError\n        TODO: Describe when it is raised.\n\n    Notes\n'));
  });
});
