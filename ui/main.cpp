// ventanilla: the terminal program; builds the services once and runs the loop.
int main() { return 0; }
