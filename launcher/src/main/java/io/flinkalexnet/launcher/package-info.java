package io.flinkalexnet.launcher;
