// ink's devtools.js imports the optional react-devtools-core statically; the bundle never uses it.
export default {initialize() {}, connectToDevTools() {}};
