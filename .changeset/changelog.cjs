// The CHANGELOG format: changesets' own, except that the packages a release updates are listed
// once ("Updated dependencies: ...") instead of one "Updated dependencies" line per changeset.
const { default: base } = require("@changesets/cli/changelog");

module.exports = {
  getReleaseLine: base.getReleaseLine,
  async getDependencyReleaseLine(_changesets, dependenciesUpdated) {
    if (dependenciesUpdated.length === 0) return "";
    const updated = dependenciesUpdated.map((dependency) => `${dependency.name}@${dependency.newVersion}`);
    return `- Updated dependencies: ${updated.join(", ")}`;
  },
};
