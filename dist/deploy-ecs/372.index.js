export const id=372;export const ids=[372];export const modules={372:(o,s,t)=>{t.d(s,{DescribeTasksCommand:()=>d.z,ECSClient:()=>e.Z,StopTaskCommand:()=>n.P});var e=t(7439),d=t(3625),n=t(6717)}};
//# sourceMappingURL=372.index.js.map
