// The GitHub Action's comment step (action.yml), run by actions/github-script: posts the Markdown
// plan (MARKDOWN_FILE) as one pull-request comment, or updates the comment that starts with MARKER
// (the one this action posted before), with a line under it that points at the run and the kept
// plan artifact (ARTIFACT_URL). A missing file posts a notice that the plan job made no plan, so an
// old plan never stays up as if it were current.
module.exports = async ({ github, context, core }) => {
  const fs = require('fs');
  const marker = process.env.MARKER;
  const server = process.env.GITHUB_SERVER_URL;
  const run = `${server}/${process.env.GITHUB_REPOSITORY}/actions/runs/${process.env.GITHUB_RUN_ID}`;
  const number = context.issue.number;
  if (!number) {
    core.notice('egpolicy: not a pull request; no comment posted');
    return;
  }
  let body;
  try {
    body = fs.readFileSync(process.env.MARKDOWN_FILE, 'utf8');
  } catch (error) {
    body = `${marker}\n### :x: egpolicy: no plan\n\nThe plan job made no plan; see [the run](${run}).\n`;
  }
  if (!body.startsWith(marker)) body = `${marker}\n${body}`;
  const url = process.env.ARTIFACT_URL;
  body += url
    ? `\n---\nThe full plan (\`plan.json\`, for \`egpolicy show\` and \`apply --plan\`) is kept as the ` +
      `artifact [egpolicy-plan](${url}) of [this run](${run}).\n`
    : `\n---\nMade by [this run](${run}).\n`;
  const comments = await github.paginate(github.rest.issues.listComments,
    { ...context.repo, issue_number: number, per_page: 100 });
  const mine = comments.find(c => c.user && c.user.type === 'Bot' && c.body && c.body.startsWith(marker));
  if (mine) {
    await github.rest.issues.updateComment({ ...context.repo, comment_id: mine.id, body });
    core.info(`egpolicy: updated ${mine.html_url}`);
  } else {
    const { data } = await github.rest.issues.createComment({ ...context.repo, issue_number: number, body });
    core.info(`egpolicy: posted ${data.html_url}`);
  }
};
