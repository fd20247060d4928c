// The workspace file list as a folder tree (folders first, then files, by name).
import type { WorkspaceFile } from "./bindings/WorkspaceFile";

export interface TreeNode {
  name: string;
  /** Workspace-relative path; for folders, the folder's path. */
  path: string;
  file?: WorkspaceFile;
  children: TreeNode[];
}

export function buildTree(files: readonly WorkspaceFile[]): TreeNode {
  const root: TreeNode = { name: "", path: "", children: [] };
  for (const file of files) {
    const parts = file.path.split("/");
    let node = root;
    parts.forEach((part, i) => {
      const path = parts.slice(0, i + 1).join("/");
      let child = node.children.find((c) => c.name === part && (i === parts.length - 1) === !!c.file);
      if (!child) {
        child = { name: part, path, children: [] };
        if (i === parts.length - 1) child.file = file;
        node.children.push(child);
      }
      node = child;
    });
  }
  sortTree(root);
  return root;
}

function sortTree(node: TreeNode): void {
  node.children.sort((a, b) => Number(!!a.file) - Number(!!b.file) || a.name.localeCompare(b.name));
  node.children.forEach(sortTree);
}
