"""What a clerk reads when the system says no, or the program fails: Chinese, and a code for
the maintainer instead of English text.

>>> import errno
>>> os_error_words(PermissionError(errno.EACCES, "Permission denied"))
'没有权限'
>>> internal_error_code(KeyError("x"))
'错误代码：KeyError'
"""

from __future__ import annotations

import errno

_ERRNO = {
    errno.EACCES: "没有权限", errno.EPERM: "没有权限", errno.ENOENT: "文件或文件夹不存在",
    errno.ENOSPC: "磁盘空间不足", errno.EROFS: "磁盘只读，不能写入", errno.ENAMETOOLONG: "文件名太长",
    errno.EISDIR: "这是一个文件夹", errno.ENOTDIR: "路径中有一段不是文件夹", errno.EBUSY: "文件正被占用",
    errno.EEXIST: "文件已存在", errno.EMFILE: "同时打开的文件太多",
}


def os_error_words(exc: OSError) -> str:
    """The system's refusal in Chinese (its English strerror never reaches the clerk)."""
    return _ERRNO.get(exc.errno, "系统拒绝了这次读写")


def os_error_message(exc: OSError) -> str:
    """A refused read or write, for every face: which file, why, and what to do.

    >>> os_error_message(PermissionError(errno.EACCES, "Permission denied", "C:/报表/告知书.docx"))
    '无法写入或读取“C:/报表/告知书.docx”（没有权限）。请检查文件是否被Excel、Word打开，文件夹是否存在并有写权限。'
    """
    name = getattr(exc, "filename", None) or ""
    return f"无法写入或读取“{name}”（{os_error_words(exc)}）。请检查文件是否被Excel、Word打开，文件夹是否存在并有写权限。"


def internal_error_code(exc: BaseException) -> str:
    """The maintainer's handle on an unforeseen failure: the exception's class, nothing else."""
    return f"错误代码：{type(exc).__name__}"
